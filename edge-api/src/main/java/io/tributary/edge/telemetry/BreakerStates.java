package io.tributary.edge.telemetry;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * {@code tributary_breaker_state{name,state}}: one gauge per state of a circuit breaker, 1 for the
 * state it is in and 0 for the others, so a dashboard can plot or alert on {@code state="open"}.
 */
public final class BreakerStates {

  /** The states a gauge is kept for; resilience4j's others (disabled, forced open) show as all zeros. */
  public static final String[] STATES = {"closed", "open", "half_open"};

  private BreakerStates() {}

  /** Registers the gauges of breaker {@code name}, whose current state (resilience4j's enum name) {@code state} reads. */
  public static void register(MeterRegistry meters, String name, Supplier<String> state) {
    for (String candidate : STATES) {
      Gauge.builder("tributary.breaker.state", state,
              current -> candidate.equals(current.get().toLowerCase(Locale.ROOT)) ? 1 : 0)
          .description("1 when the circuit breaker is in this state, else 0")
          .tag("name", name)
          .tag("state", candidate)
          // Gauges hold their object weakly; the supplier is often a method reference nobody else keeps.
          .strongReference(true)
          .register(meters);
    }
  }
}
