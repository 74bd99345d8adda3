package io.tributary.platform.fault;

import io.tributary.schemas.agents.AgentMessage;
import io.tributary.schemas.kafka.KafkaClients;
import io.tributary.schemas.topics.Topics;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Another system's producer of agents.messages.v1: the product's client factory (acks=all,
 * idempotent), messages of two tenants over many conversations, each with an id of its own; it
 * remembers the ids it sent, the oracle of the routing path.
 */
final class MessageLoad implements AutoCloseable {

  private static final List<String> TEXTS = List.of("Book me a flight to Berlin next week",
      "My invoice shows a charge twice", "How many days of leave do I have left?", "Reset my password please");

  private final KafkaProducer<String, AgentMessage> producer;
  private final List<String> tenants;
  private final List<String> sent = new ArrayList<>();
  private final AtomicReference<Exception> failure = new AtomicReference<>();

  MessageLoad(KafkaClients kafka, List<String> tenants) {
    this.producer = kafka.producer(Map.of(ProducerConfig.LINGER_MS_CONFIG, "5",
            ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "120000", ProducerConfig.CLIENT_ID_CONFIG, "f6-messages"),
        Topics.AGENTS_MESSAGES.keySerde().serializer(), Topics.AGENTS_MESSAGES.valueSerde().serializer());
    this.tenants = List.copyOf(tenants);
  }

  /** {@code count} more messages, spread over 50 conversations per tenant. */
  void send(int count) {
    for (int i = 0; i < count; i++) {
      int n = sent.size();
      String tenant = tenants.get(n % tenants.size());
      String id = "f6-m-" + n;
      AgentMessage message = new AgentMessage(id, tenant, "u-" + (n % 7), TEXTS.get(n % TEXTS.size()) + " (" + n + ")",
          Instant.now());
      sent.add(id);
      producer.send(new ProducerRecord<>(Topics.AGENTS_MESSAGES.name(), tenant + "-c" + (n % 50), message),
          (metadata, error) -> {
            if (error != null) {
              failure.compareAndSet(null, error);
            }
          });
    }
  }

  /** Waits until every message sent so far is acknowledged; fails if any was not. */
  void flush() {
    producer.flush();
    if (failure.get() != null) {
      throw new IllegalStateException("a message was not acknowledged", failure.get());
    }
  }

  /** The ids of every message sent, in order. */
  List<String> sent() {
    return List.copyOf(sent);
  }

  @Override
  public void close() {
    producer.close();
  }
}
