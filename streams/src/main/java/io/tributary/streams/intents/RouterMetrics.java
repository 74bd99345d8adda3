package io.tributary.streams.intents;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.tributary.schemas.agents.RouteReason;
import io.tributary.schemas.topics.Topics;

/** The intent router's meters (docs/observability.md, "Metrics"): decisions by outcome, batch sizes and dead letters. */
final class RouterMetrics {

  private final Counter routed;
  private final Counter toDefault;
  private final Counter deadLettered;
  private final Counter deadLetters;
  private final DistributionSummary batches;

  RouterMetrics(MeterRegistry registry) {
    routed = decisions(registry, "routed");
    toDefault = decisions(registry, "default");
    deadLettered = decisions(registry, "dead_lettered");
    deadLetters = Counter.builder("tributary.dead.letters")
        .description("Records sent to a dead-letter topic")
        .tag("stage", "router").tag("topic", Topics.AGENTS_MESSAGES_DLQ.name())
        .register(registry);
    batches = DistributionSummary.builder("tributary.router.batch.size")
        .description("Messages classified together in one model call")
        .register(registry);
  }

  private static Counter decisions(MeterRegistry registry, String outcome) {
    return Counter.builder("tributary.router.decisions")
        .description("Agent messages decided by the intent router, by outcome")
        .tag("outcome", outcome)
        .register(registry);
  }

  /** A message routed for {@code reason}: to the default agent when nothing matched, else to its agent. */
  void decided(RouteReason reason) {
    boolean fallback = reason == RouteReason.BELOW_THRESHOLD || reason == RouteReason.NO_CATALOGUE;
    (fallback ? toDefault : routed).increment();
  }

  /** {@code messages} were classified in one call. */
  void batched(int messages) {
    batches.record(messages);
  }

  void deadLettered() {
    deadLettered.increment();
    deadLetters.increment();
  }
}
