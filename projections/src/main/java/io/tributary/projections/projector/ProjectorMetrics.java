package io.tributary.projections.projector;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Arrays;

/**
 * One projection's meters (docs/observability.md, "Metrics"): how long a batch takes to apply and commit, and
 * what became of its records. Only committed batches count; a rolled-back batch is retried.
 */
final class ProjectorMetrics {

  private final Timer batch;
  private final Counter applied;
  private final Counter deadLettered;
  private final Counter parked;
  private final Counter deadLetters;

  ProjectorMetrics(MeterRegistry registry, String projection, String deadLetterTopic) {
    batch = Timer.builder("tributary.projection.batch")
        .description("Time to apply one polled batch and commit it with its offsets")
        .tag("projection", projection)
        // A dozen fixed buckets, not Micrometer's ~70 percentile buckets: series are what Prometheus pays for.
        .serviceLevelObjectives(millis(5, 10, 25, 50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000, 30_000))
        .register(registry);
    applied = records(registry, projection, "applied");
    deadLettered = records(registry, projection, "dead_lettered");
    parked = records(registry, projection, "parked");
    deadLetters = Counter.builder("tributary.dead.letters")
        .description("Records sent to a dead-letter topic")
        .tag("stage", "projection").tag("topic", deadLetterTopic)
        .register(registry);
  }

  private static Counter records(MeterRegistry registry, String projection, String result) {
    return Counter.builder("tributary.projection.records")
        .description("Records of committed batches, by what became of them")
        .tag("projection", projection).tag("result", result)
        .register(registry);
  }

  /** A batch committed after {@code elapsedNanos}. */
  void committed(long elapsedNanos, RecordApplier.Outcome outcome) {
    batch.record(Duration.ofNanos(elapsedNanos));
    applied.increment(outcome.applied());
    parked.increment(outcome.parked());
    deadLettered.increment(outcome.deadLetters().size());
    deadLetters.increment(outcome.deadLetters().size());
  }

  private static Duration[] millis(long... bounds) {
    return Arrays.stream(bounds).mapToObj(Duration::ofMillis).toArray(Duration[]::new);
  }
}
