package io.tributary.projections.projector;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.Deserializer;
import org.jdbi.v3.core.Handle;

/**
 * Decodes raw records and applies them to a {@link Projection} inside the caller's transaction,
 * sorting out data errors: a refused record becomes a dead letter, and later records of its key
 * are parked behind it, so every record ends as a row, a dead letter or a parked record.
 */
final class RecordApplier<K, V> {

  private static final String BATCH_SAVEPOINT = "projector_batch";
  private static final String RECORD_SAVEPOINT = "projector_record";

  private final Projection<K, V> projection;
  private final DeadLetterStore letters;
  private final Deserializer<K> keys;
  private final Deserializer<V> values;

  RecordApplier(Projection<K, V> projection, DeadLetterStore letters) {
    this.projection = projection;
    this.letters = letters;
    this.keys = projection.topic().keySerde().deserializer();
    this.values = projection.topic().valueSerde().deserializer();
  }

  /**
   * What one call did.
   *
   * @param applied records handed to the projection
   * @param parked records parked behind an open dead letter
   * @param deadLetters records refused; the caller publishes them before committing
   */
  record Outcome(int applied, int parked, List<DeadLetter> deadLetters) {}

  /** Applies {@code records} in order; throws only infrastructure errors (the caller rolls back). */
  Outcome apply(Handle handle, List<RawRecord> records) {
    return apply(handle, records, () -> decodeAll(records), false);
  }

  /**
   * Like {@link #apply(Handle, List)}, taking the records' decoding from {@code decoded} (from
   * {@link #decodeAll}, possibly run ahead outside the transaction).
   *
   * @param unexpectedIsData the bounded retries of an unclassified failure are spent: a record that
   *     fails that way is dead-lettered as {@code UNEXPECTED_ERROR} instead of failing the batch
   */
  Outcome apply(Handle handle, List<RawRecord> records, Supplier<Optional<List<ConsumerRecord<K, V>>>> decoded,
      boolean unexpectedIsData) {
    Set<String> blocked = letters.blockedKeys(handle, projection.name(),
        records.stream().map(RawRecord::keyHex).filter(Objects::nonNull).distinct().toList());
    if (blocked.isEmpty()) {
      Optional<List<ConsumerRecord<K, V>>> all = decodedOrEmpty(decoded, unexpectedIsData);
      if (all.isPresent() && applyAsOne(handle, all.get(), unexpectedIsData)) {
        return new Outcome(records.size(), 0, List.of());
      }
    }
    return applyOneByOne(handle, records, blocked, unexpectedIsData);
  }

  private Optional<List<ConsumerRecord<K, V>>> decodedOrEmpty(
      Supplier<Optional<List<ConsumerRecord<K, V>>>> decoded, boolean unexpectedIsData) {
    try {
      return decoded.get();
    } catch (RuntimeException e) {
      if (unexpectedIsData && DataError.isUnclassified(e)) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /** The fast path: the whole batch in one statement sequence; false (rolled back) on a data error. */
  private boolean applyAsOne(Handle handle, List<ConsumerRecord<K, V>> batch, boolean unexpectedIsData) {
    handle.savepoint(BATCH_SAVEPOINT);
    try {
      projection.apply(handle, batch);
      handle.releaseSavepoint(BATCH_SAVEPOINT);
      return true;
    } catch (RuntimeException e) {
      if (DataError.of(e, unexpectedIsData).isEmpty()) {
        throw e;
      }
      // JDBI forgets a savepoint once rolled back to: no release after it.
      handle.rollbackToSavepoint(BATCH_SAVEPOINT);
      return false;
    }
  }

  /** The slow path, once a batch holds a bad record or a blocked key: one savepoint per record. */
  private Outcome applyOneByOne(Handle handle, List<RawRecord> records, Set<String> blocked,
      boolean unexpectedIsData) {
    int applied = 0;
    int parked = 0;
    List<DeadLetter> deadLetters = new ArrayList<>();
    for (RawRecord record : records) {
      String keyHex = record.keyHex();
      if (keyHex != null && blocked.contains(keyHex)) {
        letters.park(handle, projection.name(), record);
        parked++;
        continue;
      }
      Optional<DataError> error = applyRecord(handle, record, unexpectedIsData);
      if (error.isPresent()) {
        deadLetters.add(letters.insert(handle, projection.name(), record, error.get()));
        if (keyHex != null) {
          blocked.add(keyHex);
        }
      } else {
        applied++;
      }
    }
    return new Outcome(applied, parked, deadLetters);
  }

  private Optional<DataError> applyRecord(Handle handle, RawRecord record, boolean unexpectedIsData) {
    ConsumerRecord<K, V> decoded;
    try {
      decoded = decode(record);
    } catch (RuntimeException e) {
      return Optional.of(DataError.of(e, unexpectedIsData).orElseThrow(() -> e));
    }
    handle.savepoint(RECORD_SAVEPOINT);
    try {
      projection.apply(handle, List.of(decoded));
      handle.releaseSavepoint(RECORD_SAVEPOINT);
      return Optional.empty();
    } catch (RuntimeException e) {
      Optional<DataError> error = DataError.of(e, unexpectedIsData);
      if (error.isEmpty()) {
        throw e;
      }
      handle.rollbackToSavepoint(RECORD_SAVEPOINT);
      return error;
    }
  }

  /** Every record decoded, or empty when one is a data error; thread-safe (the serdes are). */
  Optional<List<ConsumerRecord<K, V>>> decodeAll(List<RawRecord> records) {
    List<ConsumerRecord<K, V>> decoded = new ArrayList<>(records.size());
    for (RawRecord record : records) {
      try {
        decoded.add(decode(record));
      } catch (RuntimeException e) {
        if (DataError.of(e).isEmpty()) {
          throw e;
        }
        return Optional.empty();
      }
    }
    return Optional.of(decoded);
  }

  private ConsumerRecord<K, V> decode(RawRecord record) {
    K key = record.key() == null ? null : keys.deserialize(record.topic(), record.headers(), record.key());
    V value = record.value() == null ? null : values.deserialize(record.topic(), record.headers(), record.value());
    long timestamp = record.time() == null ? ConsumerRecord.NO_TIMESTAMP : record.time().toEpochMilli();
    return new ConsumerRecord<>(record.topic(), record.partition(), record.offset(), timestamp,
        TimestampType.CREATE_TIME, sizeOf(record.key()), sizeOf(record.value()), key, value, record.headers(),
        Optional.empty());
  }

  private static int sizeOf(byte[] bytes) {
    return bytes == null ? ConsumerRecord.NULL_SIZE : bytes.length;
  }
}
