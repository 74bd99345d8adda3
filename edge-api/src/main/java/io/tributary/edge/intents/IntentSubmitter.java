package io.tributary.edge.intents;

import static java.util.Objects.requireNonNull;

import io.tributary.schemas.agents.AgentMessage;
import io.tributary.schemas.kafka.KafkaClients;
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

/** Writes user messages to {@code agents.messages.v1}, keyed by conversation, idempotently with acks=all. */
public final class IntentSubmitter implements AutoCloseable {

  private final Producer<String, AgentMessage> producer;

  public IntentSubmitter(Producer<String, AgentMessage> producer) {
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
    return new IntentSubmitter(kafka.producer(props, Topics.AGENTS_MESSAGES.keySerde().serializer(),
        Topics.AGENTS_MESSAGES.valueSerde().serializer()));
  }

  /** Sends {@code message} of {@code conversationId}; completes when the broker has it. */
  public CompletableFuture<RecordMetadata> submit(String conversationId, AgentMessage message,
      Map<String, String> headers) {
    RecordHeaders recordHeaders = new RecordHeaders();
    headers.forEach((name, value) -> recordHeaders.add(name, value.getBytes(StandardCharsets.UTF_8)));
    CompletableFuture<RecordMetadata> sent = new CompletableFuture<>();
    try {
      producer.send(new ProducerRecord<>(Topics.AGENTS_MESSAGES.name(), null, conversationId, message, recordHeaders),
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
