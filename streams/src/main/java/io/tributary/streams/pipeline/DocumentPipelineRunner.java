package io.tributary.streams.pipeline;

import static java.util.Objects.requireNonNull;

import io.tributary.schemas.topics.Topics;
import io.tributary.streams.embedding.CacheStatistics;
import io.tributary.streams.embedding.OnnxEmbedder;
import io.tributary.streams.runtime.StreamsApp;
import java.time.Clock;
import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs {@link DocumentPipeline} with exactly-once processing: the lifecycle around the topology. */
public final class DocumentPipelineRunner implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(DocumentPipelineRunner.class);
  private static final Duration DEFAULT_CLOSE_TIMEOUT = Duration.ofSeconds(30);

  private final StreamsApp app;
  private final AutoCloseable ownedEmbedder;
  private final CacheStatistics cacheStatistics;

  /** A runner over the given parts; the caller keeps ownership of the embedder. */
  public DocumentPipelineRunner(PipelineSettings settings, PipelineComponents components) {
    this(settings, components, null);
  }

  private DocumentPipelineRunner(PipelineSettings settings, PipelineComponents components, AutoCloseable ownedEmbedder) {
    requireNonNull(settings, "settings");
    this.ownedEmbedder = ownedEmbedder;
    this.cacheStatistics = components.cacheStatistics();
    this.app = new StreamsApp(topology(settings, components), streamsConfig(settings), "document pipeline");
  }

  /**
   * The default deployment: in-process MiniLM with {@link PipelineSettings#embedWorkers()} workers,
   * chunks measured by its tokenizer, UTC clock; the runner closes the model when it closes.
   */
  public static DocumentPipelineRunner withMiniLm(PipelineSettings settings) {
    OnnxEmbedder embedder = new OnnxEmbedder(settings.embedWorkers());
    try {
      return new DocumentPipelineRunner(
          settings, PipelineComponents.forEmbedder(embedder, Clock.systemUTC()), embedder);
    } catch (RuntimeException e) {
      embedder.close();
      throw e;
    }
  }

  /** The topology the runner executes, built under the same configuration it runs with. */
  public static Topology topology(PipelineSettings settings, PipelineComponents components) {
    // Topology-level settings (explicit internal names) are read when the topology is built.
    StreamsBuilder builder = new StreamsBuilder(new TopologyConfig(new StreamsConfig(streamsConfig(settings))));
    DocumentPipeline.build(builder, components);
    return builder.build();
  }

  /** The Kafka Streams configuration for {@code settings}. */
  public static Properties streamsConfig(PipelineSettings settings) {
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, settings.applicationId());
    props.put(StreamsConfig.STATE_DIR_CONFIG, settings.stateDir().toAbsolutePath().toString());
    props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, settings.streamThreads());
    props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, settings.commitInterval().toMillis());
    // Internal topics and stores keep their names across topology changes, or state is lost on upgrade.
    props.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, true);
    // Kafka 5 turns this on; opting in now avoids the start-up warning and a behaviour change later.
    props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
    // One document version is one record: the producer must take the largest the topic accepts.
    props.put(StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG),
        Topics.DOCS_EMBEDDED.maxMessageBytes());
    props.put(StreamsConfig.consumerPrefix(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG),
        Topics.DOCS_SUBMITTED.maxMessageBytes());
    props.put(StreamsConfig.producerPrefix(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG),
        Math.toIntExact(settings.transactionTimeout().toMillis()));
    // Few records per poll: each may take seconds, and the poll loop must stay inside max.poll.interval.ms.
    props.put(StreamsConfig.consumerPrefix(ConsumerConfig.MAX_POLL_RECORDS_CONFIG), 50);
    props.putAll(settings.overrides());
    // Connection and security from the process's one client factory; the settings above win.
    return settings.kafka().properties(props);
  }

  /** Hits and misses of the embedding cache since start. */
  public CacheStatistics cacheStatistics() {
    return cacheStatistics;
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

  /** Whether the pipeline is processing or rebalancing (about to process again). */
  public boolean isRunning() {
    return app.isRunning();
  }

  /** Stops processing, commits, and releases the model if the runner owns it; true if all stopped in time. */
  public boolean close(Duration timeout) {
    boolean stopped = app.close(timeout);
    if (ownedEmbedder != null) {
      try {
        ownedEmbedder.close();
      } catch (Exception e) {
        log.atWarn().setCause(e).log("could not close the embedder");
      }
    }
    return stopped;
  }

  @Override
  public void close() {
    close(DEFAULT_CLOSE_TIMEOUT);
  }
}
