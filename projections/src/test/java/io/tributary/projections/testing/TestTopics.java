package io.tributary.projections.testing;

import io.tributary.embedded.EmbeddedKafka;
import io.tributary.schemas.topics.Topic;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Topic administration and producing for tests against the embedded broker. */
public final class TestTopics implements AutoCloseable {

  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final String bootstrapServers;
  private final Admin admin;

  public TestTopics(EmbeddedKafka kafka) {
    this.bootstrapServers = kafka.bootstrapServers();
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    this.admin = Admin.create(props);
  }

  /** Creates {@code topic} with its catalogue partitions and configs (compaction, max message size). */
  public void create(Topic<?, ?> topic) {
    NewTopic newTopic = new NewTopic(topic.name(), topic.partitions(), (short) 1).configs(topic.configs());
    get(admin.createTopics(List.of(newTopic)).all());
  }

  /** Sends every record and waits until each is acknowledged. */
  public <K, V> void produce(Topic<K, V> topic, List<ProducerRecord<K, V>> records) {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    try (KafkaProducer<K, V> producer =
        new KafkaProducer<>(props, topic.keySerde().serializer(), topic.valueSerde().serializer())) {
      for (ProducerRecord<K, V> record : records) {
        get(producer.send(record));
      }
    }
  }

  /** The log end offset of every partition of {@code topic}. */
  public Map<TopicPartition, Long> endOffsets(Topic<?, ?> topic) {
    Map<TopicPartition, OffsetSpec> request = partitions(topic).stream()
        .collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest()));
    Map<TopicPartition, Long> ends = new HashMap<>();
    get(admin.listOffsets(request).all()).forEach((partition, info) -> ends.put(partition, info.offset()));
    return ends;
  }

  /** The end offsets of the partitions of {@code topic} that hold records: a projector stores offsets only for those. */
  public Map<TopicPartition, Long> writtenEndOffsets(Topic<?, ?> topic) {
    Map<TopicPartition, Long> written = endOffsets(topic);
    written.values().removeIf(end -> end == 0);
    return written;
  }

  /** Overwrites a (stopped) consumer group's committed offsets for every partition of {@code topic}. */
  public void setGroupOffsets(String groupId, Topic<?, ?> topic, long offset) {
    Map<TopicPartition, OffsetAndMetadata> offsets = partitions(topic).stream()
        .collect(Collectors.toMap(p -> p, p -> new OffsetAndMetadata(offset)));
    get(admin.alterConsumerGroupOffsets(groupId, offsets).all());
  }

  /** The committed offsets of a consumer group. */
  public Map<TopicPartition, OffsetAndMetadata> groupOffsets(String groupId) {
    return get(admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata());
  }

  /** Reads {@code topic} from the beginning until {@code count} records arrived (or the timeout passed). */
  public List<ConsumerRecord<byte[], byte[]>> consume(String topic, int count) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> assigned = consumer.partitionsFor(topic).stream()
          .map(info -> new TopicPartition(topic, info.partition())).toList();
      consumer.assign(assigned);
      consumer.seekToBeginning(assigned);
      long deadline = System.nanoTime() + TIMEOUT.toNanos();
      while (records.size() < count && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
      }
    }
    return records;
  }

  /** The last header {@code name} of a consumed record, as text. */
  public static String header(ConsumerRecord<byte[], byte[]> record, String name) {
    return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
  }

  private static List<TopicPartition> partitions(Topic<?, ?> topic) {
    return IntStream.range(0, topic.partitions()).mapToObj(p -> new TopicPartition(topic.name(), p)).toList();
  }

  private static <T> T get(java.util.concurrent.Future<T> future) {
    try {
      return future.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    admin.close(TIMEOUT);
  }
}
