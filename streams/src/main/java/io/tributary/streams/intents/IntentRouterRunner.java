package io.tributary.streams.intents;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyConfig;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs {@link IntentRouter} with exactly-once processing: the lifecycle around the topology. */
public final class IntentRouterRunner implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(IntentRouterRunner.class);
  private static final Duration DEFAULT_CLOSE_TIMEOUT = Duration.ofSeconds(30);

  private final KafkaStreams streams;

  /** A runner over the given parts; the caller keeps ownership of the classifier's model. */
  public IntentRouterRunner(RouterSettings settings, IntentClassifier classifier, IntentDecider decider, Clock clock) {
    requireNonNull(settings, "settings");
    this.streams = new KafkaStreams(topology(settings, classifier, decider, clock), streamsConfig(settings));
    streams.setUncaughtExceptionHandler(IntentRouterRunner::onStreamThreadFailure);
    streams.setStateListener((now, before) -> log.atInfo().addKeyValue("application", settings.applicationId())
        .addKeyValue("from", before).addKeyValue("to", now).log("intent router state changed"));
  }

  /** The topology the runner executes, built under the same configuration it runs with. */
  public static Topology topology(
      RouterSettings settings, IntentClassifier classifier, IntentDecider decider, Clock clock) {
    StreamsBuilder builder = new StreamsBuilder(new TopologyConfig(new StreamsConfig(streamsConfig(settings))));
    IntentRouter.build(builder, classifier, decider, clock);
    return builder.build();
  }

  /** The Kafka Streams configuration for {@code settings}. */
  public static Properties streamsConfig(RouterSettings settings) {
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, settings.applicationId());
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
    props.put(StreamsConfig.STATE_DIR_CONFIG, settings.stateDir().toAbsolutePath().toString());
    props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 1);
    props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, settings.commitInterval().toMillis());
    props.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, true);
    props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
    // Messages are read as raw bytes and dead-lettered by the processor; the only typed input is
    // the catalogue, and a catalogue record that cannot be read must not stop routing: it is
    // skipped (and logged), and the previous catalogue stays active.
    props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, LogAndContinueExceptionHandler.class);
    props.putAll(settings.overrides());
    return props;
  }

  public void start() {
    streams.start();
  }

  public KafkaStreams.State state() {
    return streams.state();
  }

  /** Whether the router is processing or rebalancing (about to process again). */
  public boolean isRunning() {
    return streams.state().isRunningOrRebalancing();
  }

  /** Stops processing and commits; true if it stopped in time. */
  public boolean close(Duration timeout) {
    // Leave the group on a clean stop so another instance takes the partitions at once.
    return streams.close(CloseOptions.timeout(timeout)
        .withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
  }

  @Override
  public void close() {
    close(DEFAULT_CLOSE_TIMEOUT);
  }

  private static StreamThreadExceptionResponse onStreamThreadFailure(Throwable failure) {
    // Data errors never get here (they are dead-lettered); what does is infrastructure.
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof Error) {
        log.atError().setCause(failure).log("intent router thread failed with a JVM error; shutting down");
        return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
      }
    }
    log.atError().setCause(failure).log("intent router thread failed; replacing it");
    return StreamThreadExceptionResponse.REPLACE_THREAD;
  }
}
