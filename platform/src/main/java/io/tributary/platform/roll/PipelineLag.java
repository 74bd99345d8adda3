package io.tributary.platform.roll;

import static java.util.Objects.requireNonNull;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;

/**
 * How far a pipeline (a Kafka Streams application id) has processed the topic it reads: a roll's
 * pipeline {@code docs.accepted.v1}, a live one {@code docs.submitted.v1}.
 */
final class PipelineLag {

  private static final long TIMEOUT_MS = 10_000;

  private final Admin admin;
  private final String topic;

  PipelineLag(Admin admin, String topic) {
    this.admin = requireNonNull(admin, "admin");
    this.topic = requireNonNull(topic, "topic");
  }

  /**
   * The application's committed position against the log end.
   *
   * @param topic the topic the pipeline reads
   * @param processed records behind the committed offsets (all partitions)
   * @param total records in the log (the end offsets' sum)
   * @param members instances of the application in its group now
   */
  record Position(String topic, long processed, long total, int members) {
    long lag() {
      return Math.max(0, total - processed);
    }
  }

  /** The topic measured. */
  String topic() {
    return topic;
  }

  Position of(String applicationId) {
    Map<TopicPartition, Long> ends = ends(IsolationLevel.READ_COMMITTED);
    Map<TopicPartition, Long> committed = committed(applicationId);
    long processed = 0;
    long total = 0;
    for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
      processed += Math.min(committed.getOrDefault(end.getKey(), 0L), end.getValue());
      total += end.getValue();
    }
    int members = await(admin.describeConsumerGroups(List.of(applicationId)).all(), applicationId)
        .get(applicationId).members().size();
    return new Position(topic, processed, total, members);
  }

  /**
   * The end offset of every partition of the topic: with {@link IsolationLevel#READ_COMMITTED} the
   * last stable offset, with {@link IsolationLevel#READ_UNCOMMITTED} the high watermark (records of
   * open transactions included).
   */
  Map<TopicPartition, Long> ends(IsolationLevel isolation) {
    Map<TopicPartition, OffsetSpec> request = new HashMap<>();
    // The cluster knows the partitions (TRIBUTARY_TOPIC_PARTITIONS), not the catalogue.
    await(admin.describeTopics(List.of(topic)).allTopicNames(), topic).get(topic).partitions()
        .forEach(p -> request.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
    Map<TopicPartition, Long> ends = new HashMap<>();
    await(admin.listOffsets(request, new ListOffsetsOptions(isolation)).all(), topic)
        .forEach((partition, info) -> ends.put(partition, info.offset()));
    return ends;
  }

  /** The offsets {@code applicationId} committed on the topic; partitions it never committed are absent. */
  Map<TopicPartition, Long> committed(String applicationId) {
    Map<TopicPartition, Long> committed = new HashMap<>();
    Map<TopicPartition, OffsetAndMetadata> all = await(
        admin.listConsumerGroupOffsets(applicationId).partitionsToOffsetAndMetadata(), applicationId);
    all.forEach((partition, at) -> {
      if (at != null && partition.topic().equals(topic)) {
        committed.put(partition, at.offset());
      }
    });
    return committed;
  }

  private static <T> T await(KafkaFuture<T> future, String what) {
    try {
      return future.get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("cannot read the position of " + what + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while reading the position of " + what, e);
    }
  }
}
