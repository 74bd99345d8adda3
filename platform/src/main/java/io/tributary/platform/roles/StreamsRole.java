package io.tributary.platform.roles;

import io.tributary.edge.health.ReadinessCheck;
import io.tributary.platform.config.Settings;
import io.tributary.platform.telemetry.Telemetry;
import io.tributary.streams.embedding.Embedder;
import io.tributary.streams.pipeline.DocumentPipelineRunner;
import io.tributary.streams.pipeline.PipelineComponents;
import io.tributary.streams.pipeline.PipelineSettings;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/** The streams role: runs {@code DocumentPipeline} (docs.submitted.v1 → docs.embedded.v1). */
public final class StreamsRole implements AutoCloseable {

  private final DocumentPipelineRunner runner;

  private StreamsRole(DocumentPipelineRunner runner) {
    this.runner = runner;
  }

  /** Starts the pipeline with {@code embedder}; topics must exist (see {@link TopicSetup}). */
  public static StreamsRole start(Settings settings, Embedder embedder, Telemetry telemetry) {
    PipelineSettings pipeline =
        new PipelineSettings(
            settings.kafkaBootstrapServers(),
            settings.streamsApplicationId(),
            settings.streamsStateDir(),
            settings.embedWorkers(),
            1,
            settings.pipelineCommitInterval(),
            Map.of());
    DocumentPipelineRunner runner =
        new DocumentPipelineRunner(pipeline, PipelineComponents.forEmbedder(embedder, Clock.systemUTC())
            .withTelemetry(telemetry.meters(), telemetry.tracing(Telemetry.STREAMS)));
    runner.start();
    return new StreamsRole(runner);
  }

  /** Ready while the Kafka Streams instance is running (or rebalancing). */
  public ReadinessCheck readiness() {
    return RoleReadiness.streams("document-pipeline", runner::isRunning, runner::state);
  }

  @Override
  public void close() {
    runner.close(Duration.ofSeconds(20));
  }
}
