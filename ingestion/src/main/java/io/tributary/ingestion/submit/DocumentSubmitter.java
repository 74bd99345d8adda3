package io.tributary.ingestion.submit;

import static java.util.Objects.requireNonNull;

import io.tributary.schemas.documents.DocumentKey;
import io.tributary.schemas.documents.SubmittedDocument;
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
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * The ingest client used by the API and the CLI: writes documents and deletions to
 * {@code docs.submitted.v1}, idempotently and with every replica's acknowledgement.
 */
public final class DocumentSubmitter implements AutoCloseable {

  private final Producer<String, SubmittedDocument> producer;
  private final Topic<String, SubmittedDocument> topic = Topics.DOCS_SUBMITTED;

  public DocumentSubmitter(Producer<String, SubmittedDocument> producer) {
    this.producer = requireNonNull(producer, "producer");
  }

  /** A submitter with its own idempotent producer ({@code acks=all}, see {@link KafkaClients}). */
  public static DocumentSubmitter connect(KafkaClients kafka, String clientId) {
    Map<String, Object> config = new HashMap<>();
    config.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
    config.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Topics.DOCS_SUBMITTED.maxMessageBytes());
    config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    // Fail an API call within a bounded time when the broker is away, instead of blocking.
    config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
    config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
    config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
    return new DocumentSubmitter(
        kafka.producer(config, Topics.DOCS_SUBMITTED.keySerde().serializer(),
            Topics.DOCS_SUBMITTED.valueSerde().serializer()));
  }

  /** Submits a document version; completes when the broker has it. */
  public CompletableFuture<SubmissionReceipt> submit(SubmittedDocument document, Map<String, String> headers) {
    requireNonNull(document, "document");
    // Keyed by tenant and id (ADR 16): compaction and tombstones never reach another tenant's document.
    return send(document.id(),
        new ProducerRecord<>(topic.name(), null, DocumentKey.of(document).wire(), document, toHeaders(headers)));
  }

  /** Submits a tombstone: the tenant's document and its chunks are deleted everywhere downstream. */
  public CompletableFuture<SubmissionReceipt> delete(DocumentKey key, Map<String, String> headers) {
    requireNonNull(key, "key");
    return send(key.id(), new ProducerRecord<>(topic.name(), null, key.wire(), null, toHeaders(headers)));
  }

  /** Sends what is buffered now. */
  public void flush() {
    producer.flush();
  }

  private CompletableFuture<SubmissionReceipt> send(String documentId, ProducerRecord<String, SubmittedDocument> record) {
    CompletableFuture<SubmissionReceipt> receipt = new CompletableFuture<>();
    try {
      producer.send(
          record,
          (metadata, error) -> {
            if (error != null) {
              receipt.completeExceptionally(error);
            } else {
              receipt.complete(
                  new SubmissionReceipt(documentId, metadata.topic(), metadata.partition(), metadata.offset()));
            }
          });
    } catch (RuntimeException e) {
      // send() throws synchronously on serialisation errors and when metadata cannot be had.
      receipt.completeExceptionally(e);
    }
    return receipt;
  }

  private static RecordHeaders toHeaders(Map<String, String> headers) {
    RecordHeaders recordHeaders = new RecordHeaders();
    if (headers != null) {
      headers.forEach((name, value) -> {
        if (value != null) {
          recordHeaders.add(name, value.getBytes(StandardCharsets.UTF_8));
        }
      });
    }
    return recordHeaders;
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(5));
  }
}
