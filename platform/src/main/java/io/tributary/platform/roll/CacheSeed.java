package io.tributary.platform.roll;

import static java.util.Objects.requireNonNull;

import io.tributary.schemas.kafka.KafkaClients;
import io.tributary.streams.pipeline.DocumentPipeline;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Seeds a new pipeline's embedding cache with the live pipeline's, before the new one first
 * starts: its changelog is copied partition by partition into the new application's (which Kafka
 * Streams restores the store from). Entries are keyed by model id and chunk text, so a profile
 * with the same model finds every chunk whose text did not change and embeds only the rest; a
 * document id maps to the same partition, hence the same task, in both applications.
 */
final class CacheSeed {

  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final Admin admin;
  private final KafkaClients kafka;

  CacheSeed(Admin admin, KafkaClients kafka) {
    this.admin = requireNonNull(admin, "admin");
    this.kafka = requireNonNull(kafka, "kafka");
  }

  /** The changelog topic of {@code applicationId}'s embedding cache. */
  static String changelog(String applicationId) {
    return applicationId + "-" + DocumentPipeline.EMBEDDING_CACHE_STORE + "-changelog";
  }

  /**
   * Copies {@code from}'s cache into {@code to}'s when {@code to} has none yet; returns the entries
   * copied (0 when {@code to} already has a cache or {@code from} has none).
   */
  long copy(String from, String to) {
    String source = changelog(from);
    String target = changelog(to);
    Set<String> topics = await(admin.listTopics().names());
    if (!topics.contains(source) || topics.contains(target)) {
      return 0;
    }
    TopicDescription description = await(admin.describeTopics(List.of(source)).allTopicNames()).get(source);
    int partitions = description.partitions().size();
    short replicas = (short) description.partitions().getFirst().replicas().size();
    await(admin.createTopics(List.of(new NewTopic(target, partitions, replicas)
        .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)))).all());
    long copied = 0;
    try (KafkaConsumer<byte[], byte[]> consumer = consumer(); KafkaProducer<byte[], byte[]> producer = producer()) {
      List<TopicPartition> assigned = new ArrayList<>();
      for (int p = 0; p < partitions; p++) {
        assigned.add(new TopicPartition(source, p));
      }
      consumer.assign(assigned);
      consumer.seekToBeginning(assigned);
      Map<TopicPartition, Long> ends = new HashMap<>(consumer.endOffsets(assigned));
      while (assigned.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
          if (record.value() != null) {
            producer.send(new ProducerRecord<>(target, record.partition(), record.key(), record.value()));
            copied++;
          }
        }
      }
      producer.flush();
    }
    return copied;
  }

  private KafkaConsumer<byte[], byte[]> consumer() {
    Map<String, Object> props = new HashMap<>();
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "2000");
    return kafka.consumer(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  private KafkaProducer<byte[], byte[]> producer() {
    return kafka.producer(Map.of(ProducerConfig.LINGER_MS_CONFIG, "20"), new ByteArraySerializer(), new ByteArraySerializer());
  }

  private static <T> T await(org.apache.kafka.common.KafkaFuture<T> future) {
    try {
      return future.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("cannot seed the embedding cache: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while seeding the embedding cache", e);
    }
  }
}
