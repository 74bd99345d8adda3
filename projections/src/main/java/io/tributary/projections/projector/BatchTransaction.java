package io.tributary.projections.projector;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.jdbi.v3.core.Jdbi;

/**
 * Applies one polled batch and stores its next offsets in a single Postgres transaction. Records
 * the projection refuses are dead-lettered (topic acknowledged before the commit) and later
 * records of their keys parked, so the stored offsets only ever pass a row, a dead letter or a
 * parked record.
 */
public final class BatchTransaction<K, V> {

  private final Projection<K, V> projection;
  private final Jdbi jdbi;
  private final OffsetStore offsets;
  private final RecordApplier<K, V> applier;

  /** A transaction writer for {@code projection} that keeps its offsets in {@code offsets}. */
  public BatchTransaction(Projection<K, V> projection, Jdbi jdbi, OffsetStore offsets) {
    this.projection = projection;
    this.jdbi = jdbi;
    this.offsets = offsets;
    this.applier = new RecordApplier<>(projection, new DeadLetterStore());
  }

  /** Commits the batch and returns what it did; throws after a rollback (an infrastructure error). */
  Committed commit(ConsumerRecords<byte[], byte[]> records, DeadLetterSink deadLetters) {
    return commit(records, deadLetters, false);
  }

  /**
   * As {@link #commit(ConsumerRecords, DeadLetterSink)}; with {@code unexpectedIsData} (the runner's
   * bounded retries of an unclassified failure are spent) a record failing that way is
   * dead-lettered as {@code UNEXPECTED_ERROR} instead of rolling the batch back.
   */
  Committed commit(ConsumerRecords<byte[], byte[]> records, DeadLetterSink deadLetters, boolean unexpectedIsData) {
    List<RawRecord> batch = raw(records);
    return commit(records, batch, () -> applier.decodeAll(batch), deadLetters, false, unexpectedIsData);
  }

  private Committed commit(ConsumerRecords<byte[], byte[]> records, List<RawRecord> batch,
      Supplier<Optional<List<ConsumerRecord<K, V>>>> decoded, DeadLetterSink deadLetters, boolean lazyFlush,
      boolean unexpectedIsData) {
    Map<TopicPartition, Long> next = nextOffsets(records);
    RecordApplier.Outcome outcome =
        jdbi.inTransaction(
            handle -> {
              if (lazyFlush) {
                // The commit returns before its WAL reaches disk. Safe for a replay: its offsets
                // commit in this same transaction, so a Postgres crash that loses the commit loses
                // rows and offsets together, and the resumed build re-reads those records. The
                // switch commits synchronously, which flushes every earlier commit first.
                handle.execute("SET LOCAL synchronous_commit = off");
              }
              // The lock serialises writers of the batch's partitions only (instances on other partitions
              // go on in parallel); the check refuses a batch Postgres already has.
              Map<TopicPartition, Long> stored = offsets.lock(handle, projection.name(), projection.topic().name(),
                  records.partitions().stream().map(TopicPartition::partition).toList());
              for (TopicPartition partition : records.partitions()) {
                long first = records.records(partition).getFirst().offset();
                Long storedNext = stored.get(partition);
                if (storedNext != null && first < storedNext) {
                  throw new StaleBatchException(partition, first, storedNext);
                }
              }
              RecordApplier.Outcome applied = applier.apply(handle, batch, decoded, unexpectedIsData);
              offsets.save(handle, projection.name(), next);
              // Last before the commit: a failed send rolls the batch back and it is retried.
              if (!applied.deadLetters().isEmpty()) {
                deadLetters.publish(applied.deadLetters());
              }
              return applied;
            });
    return new Committed(next, outcome);
  }

  /**
   * A committed batch.
   *
   * @param nextOffsets next offset per partition now stored
   * @param outcome what happened to its records
   */
  record Committed(Map<TopicPartition, Long> nextOffsets, RecordApplier.Outcome outcome) {}

  /**
   * Commits a batch of a replay: dead letters are recorded in Postgres under the building
   * projection's name but not published, since the live projection already published them.
   * The commit does not wait for its WAL flush: a crash loses rows and offsets together. Returns
   * the next offsets now stored.
   */
  public Map<TopicPartition, Long> commitQuietly(ConsumerRecords<byte[], byte[]> records) {
    List<RawRecord> batch = raw(records);
    return commit(records, batch, () -> applier.decodeAll(batch), letters -> {}, true, false).nextOffsets();
  }

  /**
   * Decodes a polled batch outside any transaction, so a replay can decode the next batch while
   * the previous one commits; {@link #commitQuietly(Prepared)} writes it.
   */
  public Prepared<K, V> prepare(ConsumerRecords<byte[], byte[]> records) {
    List<RawRecord> batch = raw(records);
    return new Prepared<>(records, batch, applier.decodeAll(batch));
  }

  /** {@link #commitQuietly(ConsumerRecords)} of a batch {@link #prepare}d ahead. */
  public Map<TopicPartition, Long> commitQuietly(Prepared<K, V> prepared) {
    return commit(prepared.records, prepared.raw, () -> prepared.decoded, letters -> {}, true, false).nextOffsets();
  }

  /** A polled batch with its records decoded (empty when one of them is a data error). */
  public static final class Prepared<K, V> {
    private final ConsumerRecords<byte[], byte[]> records;
    private final List<RawRecord> raw;
    private final Optional<List<ConsumerRecord<K, V>>> decoded;

    private Prepared(ConsumerRecords<byte[], byte[]> records, List<RawRecord> raw,
        Optional<List<ConsumerRecord<K, V>>> decoded) {
      this.records = records;
      this.raw = raw;
      this.decoded = decoded;
    }
  }

  private static List<RawRecord> raw(ConsumerRecords<byte[], byte[]> records) {
    List<RawRecord> batch = new ArrayList<>(records.count());
    for (ConsumerRecord<byte[], byte[]> record : records) {
      batch.add(RawRecord.of(record));
    }
    return batch;
  }

  /** The next offsets stored in Postgres for the projection's topic. */
  public Map<TopicPartition, Long> storedOffsets() {
    return jdbi.withHandle(handle -> offsets.load(handle, projection.name(), projection.topic().name()));
  }

  private static Map<TopicPartition, Long> nextOffsets(ConsumerRecords<?, ?> records) {
    Map<TopicPartition, OffsetAndMetadata> positions = records.nextOffsets();
    Map<TopicPartition, Long> next = new HashMap<>();
    for (TopicPartition partition : records.partitions()) {
      long afterLast = records.records(partition).getLast().offset() + 1;
      // The consumer's own next offset also skips transaction markers after the last record,
      // so lag reads 0 on topics written transactionally (the streams pipeline's are).
      OffsetAndMetadata position = positions.get(partition);
      next.put(partition, position == null ? afterLast : Math.max(afterLast, position.offset()));
    }
    return next;
  }
}
