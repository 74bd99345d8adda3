package io.tributary.platform.fault;

import io.tributary.schemas.documents.DocumentKey;
import io.tributary.schemas.documents.EmbeddedDocument;
import io.tributary.schemas.documents.SubmittedDocument;
import io.tributary.schemas.kafka.KafkaClients;
import io.tributary.schemas.topics.Topic;
import io.tributary.schemas.topics.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * What the test observes on the cluster: how far the document pipeline's group is behind
 * docs.submitted.v1, the oracle folded from docs.submitted.v1, the versions docs.embedded.v1
 * holds per document and the decisions agents.routed.v1 holds per message, all read
 * {@code read_committed} from the beginning. Its clients are built
 * by the product's factory from the connection properties the roles are given.
 */
final class ClusterProbe implements AutoCloseable {

  private static final Duration PATIENCE = Duration.ofMinutes(3);

  private final KafkaClients kafka;
  private final String pipelineGroup;
  private final Admin admin;

  ClusterProbe(KafkaClients kafka, String pipelineGroup) {
    this.kafka = kafka;
    this.pipelineGroup = pipelineGroup;
    this.admin = kafka.admin("f6-probe", Map.of(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000,
        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000));
  }

  /** Records of docs.submitted.v1 the pipeline's group has not committed yet; -1 while the cluster cannot say. */
  long pipelineLag() {
    try {
      Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(pipelineGroup)
          .partitionsToOffsetAndMetadata().get(15, TimeUnit.SECONDS);
      long lag = 0;
      for (Map.Entry<TopicPartition, Long> end : ends(Topics.DOCS_SUBMITTED).entrySet()) {
        OffsetAndMetadata done = committed.get(end.getKey());
        lag += end.getValue() - (done == null ? 0 : done.offset());
      }
      return lag;
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      return -1;
    }
  }

  /** The oracle: docs.submitted.v1 folded in log order. */
  DocumentOracle oracle() {
    DocumentOracle oracle = new DocumentOracle();
    readAll(Topics.DOCS_SUBMITTED, oracle::fold);
    return oracle;
  }

  /** Per document, the versions on docs.embedded.v1 in log order (0 for a tombstone). */
  Map<DocumentKey, List<Long>> embeddedSequences() {
    Map<DocumentKey, List<Long>> sequences = new HashMap<>();
    readAll(Topics.DOCS_EMBEDDED, (key, document) -> sequences
        .computeIfAbsent(DocumentKey.parse(key).orElseThrow(), k -> new ArrayList<>())
        .add(document == null ? DocumentOracle.TOMBSTONE : document.version()));
    return sequences;
  }

  /** Per message id, how many decisions agents.routed.v1 holds for it. */
  Map<String, Integer> decisionsPerMessage() {
    Map<String, Integer> decisions = new HashMap<>();
    readAll(Topics.AGENTS_ROUTED, (key, decision) -> {
      if (decision != null) {
        decisions.merge(decision.messageId(), 1, Integer::sum);
      }
    });
    return decisions;
  }

  private Map<TopicPartition, Long> ends(Topic<?, ?> topic) throws Exception {
    int partitions = admin.describeTopics(List.of(topic.name())).allTopicNames().get(15, TimeUnit.SECONDS)
        .get(topic.name()).partitions().size();
    Map<TopicPartition, OffsetSpec> request = new HashMap<>();
    for (int p = 0; p < partitions; p++) {
      request.put(new TopicPartition(topic.name(), p), OffsetSpec.latest());
    }
    Map<TopicPartition, Long> ends = new HashMap<>();
    admin.listOffsets(request).all().get(15, TimeUnit.SECONDS).forEach((tp, info) -> ends.put(tp, info.offset()));
    return ends;
  }

  /** Reads {@code topic} read_committed from the beginning to its last stable offset, in log order per partition. */
  private <V> void readAll(Topic<String, V> topic, BiConsumer<String, V> each) {
    try (KafkaConsumer<String, V> consumer = kafka.consumer(Map.<String, Object>of(
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
        ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Topics.DOCS_EMBEDDED.maxMessageBytes(),
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
        topic.keySerde().deserializer(), topic.valueSerde().deserializer())) {
      List<TopicPartition> partitions = consumer.partitionsFor(topic.name()).stream()
          .map(info -> new TopicPartition(topic.name(), info.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      // In read_committed the end offsets are the last stable offsets.
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
      long deadline = System.nanoTime() + PATIENCE.toNanos();
      while (ends.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("could not read " + topic.name() + " to its end in " + PATIENCE);
        }
        for (ConsumerRecord<String, V> record : consumer.poll(Duration.ofMillis(500))) {
          each.accept(record.key(), record.value());
        }
      }
    }
  }

  @Override
  public void close() {
    admin.close();
  }
}
