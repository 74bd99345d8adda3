package io.tributary.platform.roll;

import static java.util.Objects.requireNonNull;

import io.tributary.schemas.documents.ContentHash;
import io.tributary.schemas.documents.DocumentKey;
import io.tributary.schemas.documents.SubmittedDocument;
import io.tributary.schemas.envelope.CloudEvents;
import io.tributary.schemas.errors.InvalidRecordException;
import io.tributary.schemas.kafka.KafkaClients;
import io.tributary.schemas.topics.Topics;
import io.tributary.schemas.validation.SubmittedDocumentReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jdbi.v3.core.Jdbi;

/**
 * Fills docs.accepted.v1 of a deployment that ran before the pipeline wrote it (ADR 0026): copies
 * from docs.submitted.v1 only the records that are provably the accepted ones. A record is copied
 * when its key names the value's tenant and id (a bare id naming the value's id, as the pipeline
 * accepts it) and the value's {@link ContentHash} equals the one the live read model
 * ({@code rag.documents}, which holds only what the pipeline accepted) holds for that tenant and id.
 * A key that docs.accepted.v1 already holds was written by the pipeline and is left alone, so a
 * second run copies nothing. Each record copied keeps its time; the document goes without envelope.
 */
public final class AcceptedSeed {

  /** What a run did. */
  public record Report(long copied, long skipped, long documents) {}

  private static final Duration POLL = Duration.ofMillis(500);

  private final KafkaClients kafka;
  private final Jdbi jdbi;
  private final Consumer<String> out;
  private final SubmittedDocumentReader reader = SubmittedDocumentReader.v1(Topics.DOCS_SUBMITTED.maxMessageBytes());

  /** @param out receives one line per record copied or skipped */
  public AcceptedSeed(KafkaClients kafka, Jdbi jdbi, Consumer<String> out) {
    this.kafka = requireNonNull(kafka, "kafka");
    this.jdbi = requireNonNull(jdbi, "jdbi");
    this.out = requireNonNull(out, "out");
  }

  /** Copies what is provably accepted from docs.submitted.v1, up to its end when the run starts. */
  public Report run() {
    Set<String> present = acceptedKeys();
    Set<String> documents = new HashSet<>();
    long copied = 0;
    long skipped = 0;
    try (KafkaConsumer<String, byte[]> consumer = consumer();
        KafkaProducer<String, byte[]> producer = producer()) {
      TopicReader submitted = new TopicReader(consumer, Topics.DOCS_SUBMITTED.name());
      while (submitted.hasNext()) {
        ConsumerRecord<String, byte[]> record = submitted.next();
        String at = record.key() + " (partition " + record.partition() + ", offset " + record.offset() + ")";
        Decision decision = decide(record, present);
        if (decision.key() == null) {
          skipped++;
          out.accept("skipped " + at + ": " + decision.reason());
          continue;
        }
        send(producer, new ProducerRecord<>(Topics.DOCS_ACCEPTED.name(), null, record.timestamp(),
            decision.key().wire(), decision.document()));
        documents.add(decision.key().wire());
        copied++;
        out.accept("copied " + at + " as " + decision.key().wire());
      }
      producer.flush();
    }
    return new Report(copied, skipped, documents.size());
  }

  /** A key and the document to copy under it, or no key and why not. */
  private record Decision(DocumentKey key, byte[] document, String reason) {
    static Decision skip(String reason) {
      return new Decision(null, null, reason);
    }
  }

  private Decision decide(ConsumerRecord<String, byte[]> record, Set<String> present) {
    if (record.key() == null) {
      return Decision.skip("no key");
    }
    if (record.value() == null) {
      return Decision.skip("a tombstone: nothing of it is live");
    }
    byte[] json;
    SubmittedDocument document;
    DocumentKey named;
    try {
      json = CloudEvents.unwrap(record.headers(), record.value()).document();
      document = reader.read(json);
      named = DocumentKey.of(document);
    } catch (InvalidRecordException | IllegalArgumentException e) {
      return Decision.skip("not a readable document (" + e.getMessage() + ")");
    }
    Optional<DocumentKey> keyed;
    try {
      keyed = DocumentKey.parse(record.key());
    } catch (IllegalArgumentException e) {
      return Decision.skip("not a document key (" + e.getMessage() + ")");
    }
    if (keyed.isPresent() ? !keyed.get().equals(named) : !record.key().equals(document.id())) {
      return Decision.skip("the key does not name the value's tenant and id " + named.wire());
    }
    if (present.contains(named.wire())) {
      return Decision.skip(Topics.DOCS_ACCEPTED.name() + " holds " + named.wire() + " already");
    }
    Optional<String> live = jdbi.withHandle(h -> h.createQuery(
            "SELECT content_hash FROM rag.documents WHERE tenant = :tenant AND document_id = :id")
        .bind("tenant", named.tenant()).bind("id", named.id()).mapTo(String.class).findOne());
    if (live.isEmpty()) {
      return Decision.skip("the live read model holds no document " + named.wire());
    }
    if (!live.get().equals(ContentHash.of(document))) {
      return Decision.skip("its content is not the live document's");
    }
    return new Decision(named, json, null);
  }

  /** Every key docs.accepted.v1 holds now: the pipeline wrote them, they are newer than any copy. */
  private Set<String> acceptedKeys() {
    Set<String> keys = new HashSet<>();
    try (KafkaConsumer<String, byte[]> consumer = consumer()) {
      new TopicReader(consumer, Topics.DOCS_ACCEPTED.name()).forEachRemaining(record -> keys.add(record.key()));
    }
    return keys;
  }

  private static void send(KafkaProducer<String, byte[]> producer, ProducerRecord<String, byte[]> record) {
    try {
      producer.send(record).get();
    } catch (ExecutionException e) {
      throw new IllegalStateException("cannot write to " + record.topic() + ": " + e.getCause().getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while writing to " + record.topic(), e);
    }
  }

  private KafkaConsumer<String, byte[]> consumer() {
    Map<String, Object> props = new HashMap<>();
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Topics.DOCS_SUBMITTED.maxMessageBytes());
    props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "200");
    return kafka.consumer(props, new StringDeserializer(), new ByteArrayDeserializer());
  }

  private KafkaProducer<String, byte[]> producer() {
    return kafka.producer(Map.of(
            ProducerConfig.ACKS_CONFIG, "all",
            ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true",
            ProducerConfig.MAX_REQUEST_SIZE_CONFIG,
            Integer.toString(Topics.DOCS_ACCEPTED.maxMessageBytes() + 64 * 1024)),
        new StringSerializer(), new ByteArraySerializer());
  }

  /** The records of a topic from its beginning to its end offsets at the first call, in order per partition. */
  private static final class TopicReader implements Iterator<ConsumerRecord<String, byte[]>> {
    private final KafkaConsumer<String, byte[]> consumer;
    private final Map<TopicPartition, Long> ends;
    private Iterator<ConsumerRecord<String, byte[]>> batch = Collections.emptyIterator();

    TopicReader(KafkaConsumer<String, byte[]> consumer, String topic) {
      this.consumer = consumer;
      List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
          .map((PartitionInfo p) -> new TopicPartition(topic, p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      this.ends = new HashMap<>(consumer.endOffsets(partitions));
    }

    @Override
    public boolean hasNext() {
      while (!batch.hasNext()) {
        if (ends.entrySet().stream().allMatch(end -> consumer.position(end.getKey()) >= end.getValue())) {
          return false;
        }
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        consumer.poll(POLL).forEach(record -> {
          if (record.offset() < ends.get(new TopicPartition(record.topic(), record.partition()))) {
            records.add(record);
          }
        });
        batch = records.iterator();
      }
      return true;
    }

    @Override
    public ConsumerRecord<String, byte[]> next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      return batch.next();
    }
  }
}
