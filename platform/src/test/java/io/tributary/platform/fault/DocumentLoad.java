package io.tributary.platform.fault;

import io.tributary.schemas.documents.DocumentKey;
import io.tributary.schemas.documents.SubmittedDocument;
import io.tributary.schemas.kafka.KafkaClients;
import io.tributary.schemas.topics.Topics;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Another system's producer of docs.submitted.v1: the product's client factory (acks=all,
 * idempotent), keys {@code <tenant>/<id>}, plain JSON documents. Creates, updates, repeats (the
 * same document again, as a retrying producer sends it) and deletes with tombstones, drawn from a
 * fixed seed. Each text starts with a word naming its tenant, id and revision.
 */
final class DocumentLoad implements AutoCloseable {

  private static final String FILLER = "The tributary carries every version of every document downstream"
      + " to the read model, where a search finds the newest one and never an older one.";

  private final KafkaProducer<String, SubmittedDocument> producer;
  private final Random random = new Random(13);
  private final List<DocumentKey> keys = new ArrayList<>();
  private final Map<DocumentKey, SubmittedDocument> current = new HashMap<>();
  private final Map<DocumentKey, Integer> revisions = new HashMap<>();
  private final AtomicReference<Exception> failure = new AtomicReference<>();
  private int sent;

  DocumentLoad(KafkaClients kafka, List<String> tenants, int idsPerTenant) {
    this.producer = kafka.producer(Map.of(ProducerConfig.LINGER_MS_CONFIG, "5",
            ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "120000", ProducerConfig.CLIENT_ID_CONFIG, "f6-load"),
        Topics.DOCS_SUBMITTED.keySerde().serializer(), Topics.DOCS_SUBMITTED.valueSerde().serializer());
    for (String tenant : tenants) {
      for (int i = 0; i < idsPerTenant; i++) {
        keys.add(new DocumentKey(tenant, "doc-" + i));
      }
    }
  }

  /** The first revision of every document. */
  void createAll() {
    keys.forEach(this::revise);
  }

  /** A new revision of {@code count} documents drawn at random (a deleted one comes back at version 1). */
  void update(int count) {
    for (int i = 0; i < count; i++) {
      revise(any());
    }
  }

  /** The current document of {@code count} live documents again, unchanged. */
  void repeat(int count) {
    List<DocumentKey> live = new ArrayList<>(current.keySet());
    for (int i = 0; i < count && !live.isEmpty(); i++) {
      DocumentKey key = live.get(random.nextInt(live.size()));
      send(key, current.get(key));
    }
  }

  /** Tombstones for {@code count} documents drawn at random among the live ones. */
  void delete(int count) {
    List<DocumentKey> live = new ArrayList<>(current.keySet());
    for (int i = 0; i < count && !live.isEmpty(); i++) {
      DocumentKey key = live.remove(random.nextInt(live.size()));
      current.remove(key);
      send(key, null);
    }
  }

  /** Waits until every record sent so far is acknowledged; fails if any was not. */
  void flush() {
    producer.flush();
    if (failure.get() != null) {
      throw new IllegalStateException("a submission was not acknowledged", failure.get());
    }
  }

  int sent() {
    return sent;
  }

  /** The first word of a text: its tenant, id and revision. */
  static String marker(String text) {
    return text.substring(0, text.indexOf(' '));
  }

  private DocumentKey any() {
    return keys.get(random.nextInt(keys.size()));
  }

  private void revise(DocumentKey key) {
    int revision = revisions.merge(key, 1, Integer::sum);
    String text = key.tenant() + "-" + key.id() + "-r" + revision + " " + FILLER;
    SubmittedDocument document = new SubmittedDocument(key.id(), key.tenant(), "Document " + key.id(), "f6-load",
        "text/plain", text, Map.of("revision", Integer.toString(revision)), Instant.now());
    current.put(key, document);
    send(key, document);
  }

  private void send(DocumentKey key, SubmittedDocument document) {
    sent++;
    producer.send(new ProducerRecord<>(Topics.DOCS_SUBMITTED.name(), key.wire(), document), (metadata, error) -> {
      if (error != null) {
        failure.compareAndSet(null, error);
      }
    });
  }

  @Override
  public void close() {
    producer.close();
  }
}
