package io.tributary.streams.intents;

import static java.util.Objects.requireNonNull;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.tributary.streams.runtime.StreamsApp;
import java.time.Clock;
import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyConfig;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;

/** Runs {@link IntentRouter} with exactly-once processing: the lifecycle around the topology. */
public final class IntentRouterRunner implements AutoCloseable {

  private static final Duration DEFAULT_CLOSE_TIMEOUT = Duration.ofSeconds(30);

  private final StreamsApp app;

  /** A runner over the given parts; the caller keeps ownership of the classifier's model. */
  public IntentRouterRunner(RouterSettings settings, IntentClassifier classifier, IntentDecider decider, Clock clock) {
    this(settings, classifier, decider, clock, new CompositeMeterRegistry(), OpenTelemetry.noop());
  }

  /**
   * A runner whose meters go to {@code meters} and spans to {@code openTelemetry}; the caller keeps
   * ownership of the classifier's model.
   */
  public IntentRouterRunner(RouterSettings settings, IntentClassifier classifier, IntentDecider decider, Clock clock,
      MeterRegistry meters, OpenTelemetry openTelemetry) {
    requireNonNull(settings, "settings");
    this.app = new StreamsApp(topology(settings, classifier, decider, clock, meters, openTelemetry),
        streamsConfig(settings), "intent router");
  }

  /** The topology the runner executes, built under the same configuration it runs with. */
  public static Topology topology(
      RouterSettings settings, IntentClassifier classifier, IntentDecider decider, Clock clock) {
    return topology(settings, classifier, decider, clock, new CompositeMeterRegistry(), OpenTelemetry.noop());
  }

  private static Topology topology(RouterSettings settings, IntentClassifier classifier, IntentDecider decider,
      Clock clock, MeterRegistry meters, OpenTelemetry openTelemetry) {
    StreamsBuilder builder = new StreamsBuilder(new TopologyConfig(new StreamsConfig(streamsConfig(settings))));
    IntentRouter.build(builder, classifier, decider, clock, meters, openTelemetry, settings.batching());
    return builder.build();
  }

  /** The Kafka Streams configuration for {@code settings}. */
  public static Properties streamsConfig(RouterSettings settings) {
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, settings.applicationId());
    props.put(StreamsConfig.STATE_DIR_CONFIG, settings.stateDir().toAbsolutePath().toString());
    props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 1);
    props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, settings.commitInterval().toMillis());
    // A quiet input must not hold a pending message in a long poll: the thread comes back to the
    // linger tick at least this often (an empty poll is cheap).
    props.put(StreamsConfig.POLL_MS_CONFIG, settings.batching().linger().toMillis());
    props.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, true);
    props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
    // Messages are read as raw bytes and dead-lettered by the processor; the only typed input is
    // the catalogue, and a catalogue record that cannot be read must not stop routing: it is
    // skipped (and logged), and the previous catalogue stays active.
    props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, LogAndContinueExceptionHandler.class);
    props.putAll(settings.overrides());
    // Connection and security from the process's one client factory; the settings above win.
    return settings.kafka().properties(props);
  }

  /** Publishes the Kafka Streams client's metrics to {@code registry}; call before {@link #start()}. */
  public void bindMetrics(io.micrometer.core.instrument.MeterRegistry registry) {
    app.bindMetrics(registry);
  }

  public void start() {
    app.start();
  }

  public KafkaStreams.State state() {
    return app.state();
  }

  /** Whether the router is processing or rebalancing (about to process again). */
  public boolean isRunning() {
    return app.isRunning();
  }

  /** Stops processing and commits; true if it stopped in time. */
  public boolean close(Duration timeout) {
    return app.close(timeout);
  }

  @Override
  public void close() {
    close(DEFAULT_CLOSE_TIMEOUT);
  }
}
