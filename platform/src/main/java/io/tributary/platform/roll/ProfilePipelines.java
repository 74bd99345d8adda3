package io.tributary.platform.roll;

import io.tributary.schemas.topics.ConsumerGroups;
import io.tributary.platform.config.Settings;
import io.tributary.platform.roles.TopicSetup;
import io.tributary.platform.telemetry.Telemetry;
import io.tributary.schemas.documents.EmbeddingProfile;
import io.tributary.schemas.topics.Topics;
import io.tributary.streams.chunking.ChunkingPolicy;
import io.tributary.streams.chunking.ParagraphChunker;
import io.tributary.embedding.TokenCounter;
import io.tributary.embedding.Embedder;
import io.tributary.streams.embedding.EmbeddingCachePolicy;
import io.tributary.streams.pipeline.DocumentPipelineRunner;
import io.tributary.streams.embedding.RetryPolicy;
import io.tributary.streams.pipeline.PipelineComponents;
import io.tributary.streams.pipeline.PipelineSettings;
import java.time.Clock;
import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * The document pipeline of an embedding profile: its own Kafka Streams application id
 * ({@code <TRIBUTARY_STREAMS_APPLICATION_ID>-<profile id>}), state directory and output topic, so
 * it runs beside the live pipeline and continues where a roll left it when it becomes the live one.
 * A live pipeline reads docs.submitted.v1 and writes what it accepts to docs.accepted.v1; a roll's
 * reads docs.accepted.v1 and writes nothing there (ADR 0026).
 */
public final class ProfilePipelines {

  private ProfilePipelines() {}

  /** The profile the configured pipeline (before any roll) has: chunks filling the model's window. */
  public static EmbeddingProfile initialProfile(Settings settings, Embedder embedder) {
    String provider = settings.value("TRIBUTARY_EMBEDDER").orElse("minilm").toLowerCase(Locale.ROOT);
    return embedder.tokenCounter()
        .map(counter -> new EmbeddingProfile(provider, embedder.modelId(), embedder.dimensions(),
            counter.windowTokens(), counter.windowTokens() / 8))
        .orElseGet(() -> new EmbeddingProfile(provider, embedder.modelId(), embedder.dimensions(),
            ParagraphChunker.DEFAULT_MAX_CHARS, ParagraphChunker.DEFAULT_OVERLAP_CHARS));
  }

  /** The Kafka Streams application id of {@code profile}'s pipeline. */
  public static String applicationId(Settings settings, EmbeddingProfile profile) {
    return ConsumerGroups.profilePipeline(settings.streamsApplicationId(), profile.id());
  }

  /** The pipeline of {@code source}: the configured one before any roll, else the profile's. Not started. */
  public static DocumentPipelineRunner runner(Settings settings, LiveSource source, Embedder embedder,
      Telemetry telemetry) {
    UnaryOperator<PipelineComponents> instrument = components ->
        components.withTelemetry(telemetry.meters(), telemetry.tracing(Telemetry.STREAMS))
            .withCachePolicy(new EmbeddingCachePolicy(settings.embeddingCacheMaxAge(),
                EmbeddingCachePolicy.DEFAULT.sweepInterval()));
    return source.profile().map(profile -> runner(settings, profile, embedder,
        settings.streamsStateDir().resolve(profile.id()), instrument, false)).orElseGet(() ->
        new DocumentPipelineRunner(pipelineSettings(settings, settings.streamsApplicationId(),
            settings.streamsStateDir()), instrument.apply(components(settings, embedder))));
  }

  /**
   * The pipeline of {@code profile} as a roll runs it: it reads docs.accepted.v1 and writes no
   * accepted records; same application id as the live one, but its own state directory (the state
   * itself comes back from the changelog when a streams role on the same host takes the profile over).
   */
  public static DocumentPipelineRunner rollRunner(Settings settings, EmbeddingProfile profile, Embedder embedder) {
    // The roll's own process serves no metrics: its progress lines are its report.
    return runner(settings, profile, embedder, settings.streamsStateDir().resolve(profile.id() + "-roll"),
        UnaryOperator.identity(), true);
  }

  private static DocumentPipelineRunner runner(Settings settings, EmbeddingProfile profile, Embedder embedder,
      java.nio.file.Path stateDir, UnaryOperator<PipelineComponents> instrument, boolean roll) {
    if (!embedder.modelId().equals(profile.model())) {
      throw new IllegalArgumentException("profile " + profile.id() + " needs model " + profile.model()
          + ", the embedder is " + embedder.modelId());
    }
    TokenCounter counter = embedder.tokenCounter().orElseGet(() -> TokenCounter.characters(profile.chunkTokens()));
    ChunkingPolicy chunking = new ChunkingPolicy(counter, profile.chunkTokens(), profile.chunkOverlap());
    PipelineComponents components = components(settings, embedder)
        .withChunking(chunking)
        .withOutput(Topics.docsEmbedded(profile));
    if (roll) {
      components = components.withInput(Topics.DOCS_ACCEPTED, false);
    }
    return new DocumentPipelineRunner(pipelineSettings(settings, applicationId(settings, profile), stateDir),
        instrument.apply(components));
  }

  /** The embedder's components, retrying an outage inside the configured transaction timeout. */
  private static PipelineComponents components(Settings settings, Embedder embedder) {
    return PipelineComponents.forEmbedder(embedder, Clock.systemUTC())
        .withRetry(RetryPolicy.within(settings.pipelineTransactionTimeout()));
  }

  private static PipelineSettings pipelineSettings(Settings settings, String applicationId, java.nio.file.Path state) {
    return new PipelineSettings(settings.kafkaClients(), applicationId, state, settings.embedWorkers(), 1,
        settings.pipelineCommitInterval(), settings.pipelineTransactionTimeout(), TopicSetup.streamsOverrides(settings));
  }
}
