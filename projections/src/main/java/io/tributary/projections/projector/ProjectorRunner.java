package io.tributary.projections.projector;

import static java.util.Objects.requireNonNull;

import io.micrometer.core.instrument.MeterRegistry;
import io.tributary.schemas.topics.ConsumerGroups;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one {@link Projection} on one thread: poll, then apply the batch and store its offsets in
 * one Postgres transaction. Postgres holds the offsets it resumes from, so the effect is exactly
 * once whatever Kafka's group offsets say.
 */
public final class ProjectorRunner<K, V> implements Runnable, AutoCloseable {

  /** Prefix of every projector's consumer group; the projection name completes it. */
  public static final String GROUP_PREFIX = ConsumerGroups.PROJECTOR_PREFIX;

  private static final Logger LOG = LoggerFactory.getLogger(ProjectorRunner.class);
  private static final Duration CONSUMER_CLOSE_TIMEOUT = Duration.ofSeconds(5);

  private final Projection<K, V> projection;
  private final ProjectorConfig config;
  private final BatchTransaction<K, V> transaction;
  private final StatusTracker status;
  private final BatchTelemetry telemetry;
  private final MeterRegistry meters;
  private final AtomicBoolean started = new AtomicBoolean();
  private final AtomicBoolean closing = new AtomicBoolean();
  private final CountDownLatch stopSignal = new CountDownLatch(1);
  private volatile KafkaConsumer<byte[], byte[]> consumer;
  private volatile Thread thread;

  /** A runner for {@code projection} writing through {@code jdbi}; call {@link #start()} or {@link #run()}. */
  public ProjectorRunner(Projection<K, V> projection, Jdbi jdbi, ProjectorConfig config) {
    this(projection, jdbi, config, new CompositeMeterRegistry(), OpenTelemetry.noop());
  }

  /**
   * A runner whose meters go to {@code meters} and whose per-record spans (continuing each record's
   * trace, ended when its batch commits) come from {@code openTelemetry}.
   */
  public ProjectorRunner(Projection<K, V> projection, Jdbi jdbi, ProjectorConfig config, MeterRegistry meters,
      OpenTelemetry openTelemetry) {
    this.projection = requireNonNull(projection, "projection");
    this.config = requireNonNull(config, "config");
    this.transaction = new BatchTransaction<>(projection, requireNonNull(jdbi, "jdbi"), new OffsetStore());
    this.status = new StatusTracker(projection.name(), Clock.systemUTC());
    this.meters = requireNonNull(meters, "meters");
    this.telemetry = new BatchTelemetry(projection, meters,
        requireNonNull(openTelemetry, "openTelemetry"));
  }

  /** The consumer group of a projection; offsets committed there are only a convenience for lag tools. */
  public static String groupId(String projectionName) {
    return ConsumerGroups.projector(projectionName);
  }

  /** Starts the poll loop on a new platform thread named after the projection; returns this runner. */
  public ProjectorRunner<K, V> start() {
    claimSingleRun();
    Thread loop = Thread.ofPlatform().name("projector-" + projection.name()).unstarted(this::runLoop);
    // Set before the thread starts, so a close() right after start() still joins it.
    thread = loop;
    loop.start();
    return this;
  }

  /** The poll loop on the calling thread; returns after {@link #close()}. A runner runs at most once. */
  @Override
  public void run() {
    claimSingleRun();
    thread = Thread.currentThread();
    runLoop();
  }

  private void claimSingleRun() {
    if (!started.compareAndSet(false, true)) {
      throw new IllegalStateException("projector " + projection.name() + " was already started");
    }
  }

  private void runLoop() {
    if (closing.get()) {
      return;
    }
    KafkaConsumer<byte[], byte[]> kafka = null;
    KafkaClientMetrics clientMetrics = null;
    status.running(true);
    // Bytes, decoded per record by the batch: a record that cannot be decoded is dead-lettered, not a stalled poll.
    try (DeadLetterTopic deadLetters =
        new DeadLetterTopic(projection.topic().deadLetters(), config.kafka(), Clock.systemUTC())) {
      kafka = config.kafka().consumer(ConsumerSettings.of(projection, config), new ByteArrayDeserializer(),
          new ByteArrayDeserializer());
      consumer = kafka;
      // The consumer's own metrics (fetch rates, lag, rebalances), tagged with its client id.
      clientMetrics = new KafkaClientMetrics(kafka);
      clientMetrics.bindTo(meters);
      kafka.subscribe(List.of(projection.topic().name()), new ResumeFromStoredOffsets(kafka));
      pollUntilClosed(kafka, deadLetters);
    } catch (RuntimeException | Error e) {
      status.failed(e);
      LOG.error("projector {} stopped on an unexpected error", projection.name(), e);
      throw e;
    } finally {
      status.running(false);
      if (clientMetrics != null) {
        clientMetrics.close();
      }
      closeQuietly(kafka);
      LOG.info("projector {} stopped", projection.name());
    }
  }

  private void closeQuietly(KafkaConsumer<byte[], byte[]> kafka) {
    if (kafka == null) {
      return;
    }
    try {
      kafka.close(CloseOptions.timeout(CONSUMER_CLOSE_TIMEOUT));
    } catch (RuntimeException e) {
      LOG.warn("projector {} could not close its consumer cleanly: {}", projection.name(), e.toString());
    }
  }

  /** The projection this runner applies. */
  public Projection<K, V> projection() {
    return projection;
  }

  /** A snapshot of this runner's progress and health. */
  public ProjectorStatus status() {
    return status.snapshot();
  }

  /** Stops the loop (wakes a blocked poll, interrupts a back-off) and waits for the thread to end. */
  @Override
  public void close() {
    closing.set(true);
    stopSignal.countDown();
    KafkaConsumer<byte[], byte[]> kafka = consumer;
    if (kafka != null) {
      kafka.wakeup();
    }
    Thread running = thread;
    if (running == null || running == Thread.currentThread()) {
      return;
    }
    try {
      if (!running.join(config.closeTimeout())) {
        LOG.warn("projector {} did not stop within {}", projection.name(), config.closeTimeout());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void pollUntilClosed(KafkaConsumer<byte[], byte[]> kafka, DeadLetterSink deadLetters) {
    Backoff backoff = new Backoff(config.initialBackoff(), config.maxBackoff());
    // After a failure the consumer's position may be past what Postgres holds: never poll before re-seeking.
    boolean resync = false;
    // Consecutive failures nobody classified (a bug, a parser blowing up on one record): once they
    // reach the bound, the batch is applied with such failures dead-lettered, so the partition moves on.
    int unexpectedStreak = 0;
    while (!closing.get()) {
      try {
        if (resync) {
          seekToStored(kafka, kafka.assignment());
          resync = false;
        }
        ConsumerRecords<byte[], byte[]> records = kafka.poll(config.pollTimeout());
        if (records.isEmpty()) {
          continue;
        }
        boolean unexpectedIsData = unexpectedStreak >= config.unexpectedAttempts();
        BatchTransaction.Committed committed =
            telemetry.observe(records, () -> transaction.commit(records, deadLetters, unexpectedIsData));
        unexpectedStreak = 0;
        status.applied(records.count(), committed.outcome());
        backoff.reset();
        logDeadLetters(committed.outcome());
        // Only for lag tools: the runner never reads these back.
        kafka.commitAsync(asCommit(committed.nextOffsets()), this::onGroupCommit);
      } catch (WakeupException e) {
        if (closing.get()) {
          return;
        }
        throw e;
      } catch (InterruptException e) {
        LOG.info("projector {} interrupted", projection.name());
        return;
      } catch (RuntimeException e) {
        resync = true;
        unexpectedStreak = DataError.isUnclassified(e) ? unexpectedStreak + 1 : 0;
        Duration wait = backoff.next();
        int failures = status.failed(e);
        logFailure(failures, wait, e);
        if (pause(kafka, wait)) {
          return;
        }
      }
    }
  }

  private void seekToStored(KafkaConsumer<byte[], byte[]> kafka, Collection<TopicPartition> partitions) {
    if (partitions.isEmpty()) {
      return;
    }
    Map<TopicPartition, Long> stored = transaction.storedOffsets();
    List<TopicPartition> fromBeginning = new ArrayList<>();
    for (TopicPartition partition : partitions) {
      Long next = stored.get(partition);
      if (next == null) {
        fromBeginning.add(partition);
      } else {
        kafka.seek(partition, next);
      }
    }
    if (!fromBeginning.isEmpty()) {
      kafka.seekToBeginning(fromBeginning);
    }
    // Lag tools read the group: mirror where every assigned partition resumes, not only the
    // partitions the next batches happen to touch.
    Map<TopicPartition, Long> resumed = new HashMap<>();
    for (TopicPartition partition : partitions) {
      Long next = stored.get(partition);
      if (next != null) {
        resumed.put(partition, next);
      }
    }
    if (!resumed.isEmpty()) {
      kafka.commitAsync(asCommit(resumed), this::onGroupCommit);
    }
    LOG.info("projector {} resumes {} from stored offsets {} (beginning for {})",
        projection.name(), partitions, stored, fromBeginning);
  }

  private static Map<TopicPartition, OffsetAndMetadata> asCommit(Map<TopicPartition, Long> next) {
    Map<TopicPartition, OffsetAndMetadata> commit = new HashMap<>();
    next.forEach((partition, offset) -> commit.put(partition, new OffsetAndMetadata(offset)));
    return commit;
  }

  private void onGroupCommit(Map<TopicPartition, OffsetAndMetadata> offsets, Exception error) {
    if (error != null) {
      LOG.debug("projector {} could not mirror offsets to its group: {}", projection.name(), error.toString());
    }
  }

  private void logFailure(int failures, Duration wait, RuntimeException e) {
    // The stack trace once per failure streak; then one line per retry.
    if (failures == 1) {
      LOG.warn("projector {} failed a batch, rolled back; retrying in {}", projection.name(), wait, e);
    } else {
      LOG.warn("projector {} failed {} times in a row, retrying in {}: {}",
          projection.name(), failures, wait, StatusTracker.describe(e));
    }
  }

  private void logDeadLetters(RecordApplier.Outcome outcome) {
    for (DeadLetter letter : outcome.deadLetters()) {
      LOG.warn("projector {} dead-lettered {} as {} (dead letter {}): {}", projection.name(),
          letter.record().origin(), letter.error().code(), letter.id(), letter.error().message());
    }
    if (outcome.parked() > 0) {
      LOG.info("projector {} parked {} records behind open dead letters", projection.name(), outcome.parked());
    }
  }

  /**
   * Waits out an infrastructure failure with the assigned partitions paused, polling so the group
   * keeps this member; returns early (true) when the runner is closing.
   */
  private boolean pause(KafkaConsumer<byte[], byte[]> kafka, Duration wait) {
    long deadline = System.nanoTime() + wait.toNanos();
    status.paused(true);
    try {
      kafka.pause(kafka.assignment());
      while (!closing.get()) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        Duration slice = Duration.ofNanos(Math.min(left, config.pollTimeout().toNanos()));
        try {
          // Paused partitions return nothing; partitions assigned meanwhile may, and are dropped:
          // the loop re-seeks every partition to Postgres' offsets before the next real poll.
          kafka.poll(slice);
        } catch (WakeupException e) {
          return true;
        } catch (InterruptException e) {
          return true;
        } catch (RuntimeException e) {
          // A rebalance listener that cannot reach Postgres either: keep waiting, the re-seek follows.
          if (stopSignal.await(slice.toMillis(), TimeUnit.MILLISECONDS)) {
            return true;
          }
        }
      }
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return true;
    } finally {
      status.paused(false);
      resumeQuietly(kafka);
    }
  }

  private void resumeQuietly(KafkaConsumer<byte[], byte[]> kafka) {
    try {
      kafka.resume(kafka.paused());
    } catch (RuntimeException e) {
      LOG.debug("projector {} could not resume its partitions: {}", projection.name(), e.toString());
    }
  }

  /** Seeks newly assigned partitions to the offsets Postgres holds, ignoring Kafka's committed ones. */
  private final class ResumeFromStoredOffsets implements ConsumerRebalanceListener {

    private final KafkaConsumer<byte[], byte[]> kafka;

    ResumeFromStoredOffsets(KafkaConsumer<byte[], byte[]> kafka) {
      this.kafka = kafka;
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
      // If Postgres is unreachable this throws out of poll(); the loop then re-seeks before polling again.
      seekToStored(kafka, partitions);
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
      // Nothing to flush: every applied batch is already committed with its offsets.
      LOG.debug("projector {} revoked {}", projection.name(), partitions);
    }
  }
}
