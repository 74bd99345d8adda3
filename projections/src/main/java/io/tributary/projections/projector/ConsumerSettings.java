package io.tributary.projections.projector;

import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;

/** The consumer properties of a projector: defaults, then overrides, then what may not be overridden. */
final class ConsumerSettings {

  /** Records per poll, hence per transaction: large enough to amortise a commit, small enough to retry. */
  static final int DEFAULT_MAX_POLL_RECORDS = 100;

  private ConsumerSettings() {}

  static Properties of(Projection<?, ?> projection, ProjectorConfig config) {
    String groupId = ProjectorRunner.groupId(projection.name());
    int maxMessageBytes = projection.topic().maxMessageBytes();
    Properties props = new Properties();
    props.put(ConsumerConfig.CLIENT_ID_CONFIG, groupId);
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, Integer.toString(DEFAULT_MAX_POLL_RECORDS));
    props.putAll(config.consumerOverrides());
    // Not overridable: the exactly-once effect rests on these.
    props.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    // The largest record the topic accepts must fit in one fetch, or the consumer stalls on it.
    raiseTo(props, ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, maxMessageBytes);
    raiseTo(props, ConsumerConfig.FETCH_MAX_BYTES_CONFIG, maxMessageBytes);
    return props;
  }

  private static void raiseTo(Properties props, String key, int minimum) {
    Object current = props.get(key);
    int value = current == null ? minimum : Math.max(minimum, Integer.parseInt(current.toString()));
    props.put(key, Integer.toString(value));
  }
}
