package io.tributary.streams.runtime;

import static java.util.Objects.requireNonNull;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lifecycle every Tributary Kafka Streams application shares: failed threads replaced (JVM
 * errors end the client), state changes logged, and a clean stop that leaves the group.
 */
public final class StreamsApp {

  private static final Logger log = LoggerFactory.getLogger(StreamsApp.class);

  private final KafkaStreams streams;
  private final String description;
  private volatile KafkaStreamsMetrics metrics;

  /** An application running {@code topology}; {@code description} names it in logs, e.g. "document pipeline". */
  public StreamsApp(Topology topology, Properties config, String description) {
    this.description = requireNonNull(description, "description");
    this.streams = new KafkaStreams(requireNonNull(topology, "topology"), requireNonNull(config, "config"));
    Object applicationId = config.get("application.id");
    streams.setUncaughtExceptionHandler(this::onStreamThreadFailure);
    streams.setStateListener((now, before) -> log.atInfo().addKeyValue("application", applicationId)
        .addKeyValue("from", before).addKeyValue("to", now).log(description + " state changed"));
  }

  /** Publishes the client's own metrics (its threads, tasks, stores and embedded clients) to {@code registry}. */
  public void bindMetrics(MeterRegistry registry) {
    KafkaStreamsMetrics bound = new KafkaStreamsMetrics(streams);
    bound.bindTo(requireNonNull(registry, "registry"));
    metrics = bound;
  }

  public void start() {
    streams.start();
  }

  public KafkaStreams.State state() {
    return streams.state();
  }

  /** Whether the application is processing or rebalancing (about to process again). */
  public boolean isRunning() {
    return streams.state().isRunningOrRebalancing();
  }

  /** Stops processing and commits; true if it stopped in time. */
  public boolean close(Duration timeout) {
    // Leave the group on a clean stop so a restarted or remaining instance takes the partitions
    // at once instead of after the session timeout (45 s); a crash still waits for it.
    boolean stopped = streams.close(CloseOptions.timeout(timeout)
        .withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
    KafkaStreamsMetrics bound = metrics;
    if (bound != null) {
      // Removes its meters, so a successor application (a roll) registers its own.
      bound.close();
    }
    return stopped;
  }

  private StreamThreadExceptionResponse onStreamThreadFailure(Throwable failure) {
    // Data errors never get here (they are dead-lettered); what does is infrastructure: the model,
    // the broker. A fresh thread resumes from the last commit. JVM errors end the client.
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof Error) {
        log.atError().setCause(failure).log(description + " thread failed with a JVM error; shutting it down");
        return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
      }
    }
    log.atError().setCause(failure).log(description + " thread failed; replacing it");
    return StreamThreadExceptionResponse.REPLACE_THREAD;
  }
}
