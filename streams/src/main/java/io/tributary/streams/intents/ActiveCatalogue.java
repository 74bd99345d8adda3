package io.tributary.streams.intents;

import static java.util.Objects.requireNonNull;

import io.tributary.schemas.agents.AgentCatalogue;
import io.tributary.schemas.json.JsonSerde;
import io.tributary.schemas.kafka.KafkaClients;
import io.tributary.schemas.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Reads the catalogue the routers use now: the last readable value under {@link Topics#CATALOGUE_KEY}
 * on {@code agents.catalogue.v1}, read to its end without a consumer group.
 */
public final class ActiveCatalogue {

  private final KafkaClients kafka;

  public ActiveCatalogue(KafkaClients kafka) {
    this.kafka = requireNonNull(kafka, "kafka");
  }

  /** The active catalogue, empty when none was ever published; throws if the topic cannot be read in {@code timeout}. */
  public Optional<AgentCatalogue> read(Duration timeout) {
    JsonSerde<AgentCatalogue> serde = JsonSerde.of(AgentCatalogue.class);
    AtomicReference<AgentCatalogue> latest = new AtomicReference<>();
    TopicToEnd.read(kafka, "tributary-catalogue-reader", Topics.AGENTS_CATALOGUE.name(), timeout, record -> {
      if (record.key() != null && record.value() != null
          && Topics.CATALOGUE_KEY.equals(new String(record.key(), StandardCharsets.UTF_8))) {
        try {
          latest.set(serde.fromBytes(record.value()));
        } catch (RuntimeException e) {
          // The router skips an unreadable catalogue and keeps the previous one; so does this reader.
        }
      }
    });
    return Optional.ofNullable(latest.get());
  }
}
