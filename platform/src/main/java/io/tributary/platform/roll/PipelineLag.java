package io.tributary.platform.roll;

import static java.util.Objects.requireNonNull;

import io.tributary.schemas.topics.Topics;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

/** How far a pipeline (a Kafka Streams application id) has re-processed {@code docs.submitted.v1}. */
final class PipelineLag {

  private static final long TIMEOUT_MS = 10_000;

  private final Admin admin;

  PipelineLag(Admin admin) {
    this.admin = requireNonNull(admin, "admin");
  }

  /**
   * The application's committed position against the log end.
   *
   * @param processed records behind the committed offsets (all partitions)
   * @param total records in the log (the end offsets' sum)
   * @param members instances of the application in its group now
   */
  record Position(long processed, long total, int members) {
    long lag() {
      return Math.max(0, total - processed);
    }
  }

  Position of(String applicationId) {
    try {
      Map<TopicPartition, OffsetSpec> request = new HashMap<>();
      // The cluster knows the partitions (TRIBUTARY_TOPIC_PARTITIONS), not the catalogue.
      String topic = Topics.DOCS_SUBMITTED.name();
      admin.describeTopics(java.util.List.of(topic)).allTopicNames().get(TIMEOUT_MS, TimeUnit.MILLISECONDS).get(topic)
          .partitions().forEach(p -> request.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
      Map<TopicPartition, Long> ends = new HashMap<>();
      admin.listOffsets(request, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all()
          .get(TIMEOUT_MS, TimeUnit.MILLISECONDS).forEach((partition, info) -> ends.put(partition, info.offset()));
      Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(applicationId)
          .partitionsToOffsetAndMetadata().get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
      long processed = 0;
      long total = 0;
      for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
        OffsetAndMetadata at = committed.get(end.getKey());
        processed += at == null ? 0 : Math.min(at.offset(), end.getValue());
        total += end.getValue();
      }
      int members = admin.describeConsumerGroups(java.util.List.of(applicationId)).all()
          .get(TIMEOUT_MS, TimeUnit.MILLISECONDS).get(applicationId).members().size();
      return new Position(processed, total, members);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("cannot read the position of " + applicationId + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while reading the position of " + applicationId, e);
    }
  }
}
