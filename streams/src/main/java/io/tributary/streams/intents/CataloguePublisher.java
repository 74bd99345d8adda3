package io.tributary.streams.intents;

import static java.util.Objects.requireNonNull;

import io.tributary.schemas.agents.AgentCatalogue;
import io.tributary.schemas.kafka.KafkaClients;
import io.tributary.schemas.topics.Topics;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Makes a catalogue the active one: writes it under {@link Topics#CATALOGUE_KEY} to the compacted
 * {@code agents.catalogue.v1}, which every router reads as a global table. The agents' request
 * topics must exist first (the router writes to them from the next message on).
 */
public final class CataloguePublisher {

  private final KafkaClients kafka;

  public CataloguePublisher(KafkaClients kafka) {
    this.kafka = requireNonNull(kafka, "kafka");
  }

  /** Publishes {@code catalogue} and waits until the broker has it. */
  public void publish(AgentCatalogue catalogue, Duration timeout) {
    Map<String, Object> props = new HashMap<>();
    props.put(ProducerConfig.CLIENT_ID_CONFIG, "tributary-catalogue-publisher");
    props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeout.toMillis());
    try (KafkaProducer<String, AgentCatalogue> producer = kafka.producer(props,
        Topics.AGENTS_CATALOGUE.keySerde().serializer(), Topics.AGENTS_CATALOGUE.valueSerde().serializer())) {
      producer.send(new ProducerRecord<>(Topics.AGENTS_CATALOGUE.name(), Topics.CATALOGUE_KEY, catalogue))
          .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while publishing the agent catalogue", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("could not publish the agent catalogue: " + e.getMessage(), e);
    }
  }
}
