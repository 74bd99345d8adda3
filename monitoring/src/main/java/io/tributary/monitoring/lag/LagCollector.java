package io.tributary.monitoring.lag;

import static java.util.Objects.requireNonNull;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Samples lag every {@link LagSettings#interval()}: reads positions, derives lag, trend, stall and retention
 * risk against the kept history, updates the gauges and tells subscribers (the SSE stream). Every API
 * replica samples (each answers its own lag requests), but only the replica that {@link Leadership leads}
 * exports the gauges, so Prometheus sees each series once however many replicas run.
 */
public final class LagCollector implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(LagCollector.class);

  private final LagSource source;
  private final LagSettings settings;
  private final LagDerivation derivation;
  private final LagHistory history;
  private final LagGauges gauges;
  private final Clock clock;
  private final Leadership leadership;
  private final LagArchive archive;
  private final List<Consumer<LagSnapshot>> subscribers = new CopyOnWriteArrayList<>();
  private volatile LagSnapshot latest;
  private volatile String lastError;
  private ScheduledExecutorService scheduler;

  /** A collector that always exports its gauges (one process). */
  public LagCollector(LagSource source, LagSettings settings, MeterRegistry registry, Clock clock) {
    this(source, settings, registry, clock, Leadership.alone());
  }

  /** A collector that exports its gauges only while {@code leadership} says this replica leads. */
  public LagCollector(LagSource source, LagSettings settings, MeterRegistry registry, Clock clock,
      Leadership leadership) {
    this(source, settings, registry, clock, leadership, LagArchive.none());
  }

  /**
   * A collector whose leader also keeps its samples in {@code archive}, from which {@link #start()}
   * restores the history: the trend and stall windows and the dashboard survive a restart.
   */
  public LagCollector(LagSource source, LagSettings settings, MeterRegistry registry, Clock clock,
      Leadership leadership, LagArchive archive) {
    this.leadership = requireNonNull(leadership, "leadership");
    this.archive = requireNonNull(archive, "archive");
    this.source = requireNonNull(source, "source");
    this.settings = requireNonNull(settings, "settings");
    this.derivation = settings.derivation();
    this.history = new LagHistory(settings.historySize());
    this.gauges = new LagGauges(requireNonNull(registry, "registry"));
    this.clock = requireNonNull(clock, "clock");
    this.latest = LagSnapshot.empty(clock.instant());
  }

  /** Takes one sample now; returns it. Throws when Kafka or Postgres cannot be read (the latest stays). */
  public synchronized LagSnapshot sample() {
    Instant now = clock.instant();
    LagReading reading = source.read(now);
    LagSnapshot snapshot = derivation.derive(reading,
        history.since(now.minus(derivation.lookBack()).minus(settings.interval().multipliedBy(2))));
    history.add(snapshot);
    latest = snapshot;
    String problems = reading.problems().isEmpty() ? null : String.join("; ", reading.problems());
    if (problems != null && !problems.equals(lastError)) {
      LOG.warn("lag sample partial: {}", problems);
    }
    lastError = problems;
    // A follower exports nothing (an empty snapshot removes its series): one replica's gauges only.
    boolean leading = leadership.leads();
    gauges.update(leading ? snapshot : LagSnapshot.empty(now));
    if (leading) {
      archiveQuietly(snapshot, now);
    }
    for (Consumer<LagSnapshot> subscriber : subscribers) {
      subscriber.accept(snapshot);
    }
    return snapshot;
  }

  /** Restores the archived history of the last {@code historySize} intervals; returns how many samples. */
  public synchronized int restore() {
    Instant now = clock.instant();
    try {
      List<LagSnapshot> kept = archive.since(now.minus(keptSpan()));
      kept.forEach(history::add);
      if (!kept.isEmpty()) {
        latest = kept.getLast();
      }
      return kept.size();
    } catch (RuntimeException e) {
      LOG.warn("cannot restore the lag history: {}", e.toString());
      return 0;
    }
  }

  private void archiveQuietly(LagSnapshot snapshot, Instant now) {
    try {
      archive.save(snapshot, now.minus(keptSpan()));
    } catch (RuntimeException e) {
      LOG.debug("cannot archive the lag sample: {}", e.toString());
    }
  }

  private Duration keptSpan() {
    return settings.interval().multipliedBy(settings.historySize());
  }

  /** Restores the archived history, then samples every interval on a daemon thread until {@link #close()}. */
  public synchronized LagCollector start() {
    if (scheduler == null) {
      restore();
      scheduler = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("lag-collector")
          .factory());
      long millis = settings.interval().toMillis();
      scheduler.scheduleWithFixedDelay(this::sampleQuietly, 0, millis, TimeUnit.MILLISECONDS);
    }
    return this;
  }

  private void sampleQuietly() {
    try {
      sample();
    } catch (RuntimeException e) {
      // Keep sampling: the next interval may reach Kafka again; the API shows the age of the latest sample.
      String message = e.getMessage();
      if (!java.util.Objects.equals(message, lastError)) {
        LOG.warn("lag sample failed: {}", message);
      }
      lastError = message;
    }
  }

  /** The latest sample (empty before the first one). */
  public LagSnapshot latest() {
    return latest;
  }

  /** Why the latest attempt failed or was partial; {@code null} when it read everything. */
  public String lastError() {
    return lastError;
  }

  /** The kept samples of the last {@code span}, oldest first. */
  public List<LagSnapshot> history(Duration span) {
    return history.since(clock.instant().minus(span));
  }

  public LagSettings settings() {
    return settings;
  }

  /** Calls {@code subscriber} with every new sample until the returned handle is closed. */
  public AutoCloseable subscribe(Consumer<LagSnapshot> subscriber) {
    subscribers.add(subscriber);
    return () -> subscribers.remove(subscriber);
  }

  @Override
  public synchronized void close() {
    if (scheduler != null) {
      scheduler.shutdownNow();
      try {
        scheduler.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (leadership instanceof AutoCloseable closeable) {
      try {
        closeable.close();
      } catch (Exception e) {
        LOG.warn("lag leadership did not close cleanly: {}", e.toString());
      }
    }
    if (source instanceof AutoCloseable closeable) {
      try {
        closeable.close();
      } catch (Exception e) {
        LOG.warn("lag source did not close cleanly: {}", e.toString());
      }
    }
  }
}
