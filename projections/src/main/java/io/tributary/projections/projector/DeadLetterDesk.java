package io.tributary.projections.projector;

import static java.util.Objects.requireNonNull;

import io.tributary.schemas.kafka.KafkaClients;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.jdbi.v3.core.Jdbi;

/**
 * Operator actions on a projection's open dead letters: skip one or retry it (after a fix), and
 * then apply the records parked behind it, in log order, in the same transaction.
 */
public final class DeadLetterDesk<K, V> {

  private final Projection<K, V> projection;
  private final Jdbi jdbi;
  private final KafkaClients kafka;
  private final DeadLetterStore letters = new DeadLetterStore();
  private final OffsetStore offsets = new OffsetStore();

  /** A desk for {@code projection}; new dead letters (a retry that fails again) go to its dead-letter topic. */
  public DeadLetterDesk(Projection<K, V> projection, Jdbi jdbi, KafkaClients kafka) {
    this.projection = requireNonNull(projection, "projection");
    this.jdbi = requireNonNull(jdbi, "jdbi");
    this.kafka = requireNonNull(kafka, "kafka");
  }

  /**
   * What a resolution did.
   *
   * @param deadLetterId the dead letter resolved
   * @param applied records applied (the retried one and parked ones)
   * @param stillParked records parked again behind a new dead letter
   * @param newDeadLetters records dead-lettered again
   */
  public record Resolution(long deadLetterId, int applied, int stillParked, int newDeadLetters) {}

  /** Drops dead letter {@code id} for good and applies the records parked behind it. */
  public Resolution skip(long id) {
    return resolve(id, false);
  }

  /** Applies dead letter {@code id}'s record again (a fixed projection may take it), then its parked records. */
  public Resolution retry(long id) {
    return resolve(id, true);
  }

  private Resolution resolve(long id, boolean retry) {
    RecordApplier<K, V> applier = new RecordApplier<>(projection, letters);
    try (DeadLetterTopic topic =
        new DeadLetterTopic(projection.topic().deadLetters(), kafka, Clock.systemUTC())) {
      RecordApplier.Outcome outcome =
          jdbi.inTransaction(
              handle -> {
                // The runner's lock: no batch of this projection interleaves with the resolution.
                offsets.lockAll(handle, projection.name(), projection.topic().name());
                DeadLetter letter = letters.lockOpen(handle, projection.name(), id)
                    .orElseThrow(() -> new IllegalArgumentException(
                        "projection " + projection.name() + " has no open dead letter " + id));
                letters.close(handle, id, retry ? "retried" : "skipped");
                List<RawRecord> records = new ArrayList<>();
                if (retry) {
                  records.add(letter.record());
                }
                String keyHex = letter.record().keyHex();
                if (keyHex != null) {
                  records.addAll(letters.unpark(handle, projection.name(), keyHex));
                }
                RecordApplier.Outcome applied = applier.apply(handle, records);
                if (!applied.deadLetters().isEmpty()) {
                  topic.publish(applied.deadLetters());
                }
                return applied;
              });
      return new Resolution(id, outcome.applied(), outcome.parked(), outcome.deadLetters().size());
    }
  }
}
