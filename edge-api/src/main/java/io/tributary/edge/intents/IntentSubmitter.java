package io.tributary.edge.intents;

import static java.util.Objects.requireNonNull;

import io.tributary.schemas.agents.AgentMessage;
import io.tributary.schemas.agents.IntentLabel;
import io.tributary.schemas.kafka.KafkaClients;
import io.tributary.schemas.topics.Topic;
import io.tributary.schemas.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Writes user messages to {@code agents.messages.v1}, keyed by conversation, and labels to
 * {@code agents.labels.v1}, keyed {@code <tenant>/<message_id>}: one idempotent producer with
 * acks=all, each value encoded with its topic's serde.
 */
public final class IntentSubmitter implements AutoCloseable {

  private final Producer<String, byte[]> producer;

  public IntentSubmitter(Producer<String, byte[]> producer) {
    this.producer = requireNonNull(producer, "producer");
  }

  /** A submitter with its own idempotent producer. */
  public static IntentSubmitter connect(KafkaClients kafka, String clientId) {
    Map<String, Object> props = new HashMap<>();
    props.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
    props.put(ProducerConfig.LINGER_MS_CONFIG, 1);
    // Fail an API call within a bounded time when the broker is away, instead of blocking.
    props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
    props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
    props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
    // Both topics have string keys; values are encoded with their own topic's serde in send().
    return new IntentSubmitter(kafka.producer(props, Topics.AGENTS_MESSAGES.keySerde().serializer(),
        new ByteArraySerializer()));
  }

  /** Sends {@code message} of {@code conversationId}; completes when the broker has it. */
  public CompletableFuture<RecordMetadata> submit(String conversationId, AgentMessage message,
      Map<String, String> headers) {
    return send(Topics.AGENTS_MESSAGES, conversationId, message, headers);
  }

  /** Sends {@code label} under its key; completes when the broker has it. */
  public CompletableFuture<RecordMetadata> label(IntentLabel label, Map<String, String> headers) {
    return send(Topics.AGENTS_LABELS, label.key(), label, headers);
  }

  /** Sends the tombstone that withdraws the label of {@code messageId} of {@code tenant}. */
  public CompletableFuture<RecordMetadata> withdrawLabel(String tenant, String messageId,
      Map<String, String> headers) {
    return send(Topics.AGENTS_LABELS, IntentLabel.key(tenant, messageId), null, headers);
  }

  private <V> CompletableFuture<RecordMetadata> send(Topic<String, V> topic, String key, V value,
      Map<String, String> headers) {
    RecordHeaders recordHeaders = new RecordHeaders();
    headers.forEach((name, header) -> recordHeaders.add(name, header.getBytes(StandardCharsets.UTF_8)));
    CompletableFuture<RecordMetadata> sent = new CompletableFuture<>();
    try {
      byte[] bytes = value == null ? null : topic.valueSerde().serializer().serialize(topic.name(), value);
      producer.send(new ProducerRecord<>(topic.name(), null, key, bytes, recordHeaders),
          (metadata, error) -> {
            if (error != null) {
              sent.completeExceptionally(error);
            } else {
              sent.complete(metadata);
            }
          });
    } catch (RuntimeException e) {
      sent.completeExceptionally(e);
    }
    return sent;
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(5));
  }
}
