package io.tributary.platform.roles;

import io.tributary.edge.health.ReadinessCheck;
import io.tributary.platform.config.Settings;
import io.tributary.platform.telemetry.Telemetry;
import io.tributary.schemas.agents.AgentCatalogue;
import io.tributary.embedding.Embedder;
import io.tributary.streams.intents.EmbeddingClassifier;
import io.tributary.streams.intents.FollowUpRule;
import io.tributary.streams.intents.IntentClassifier;
import io.tributary.streams.intents.IntentDecider;
import io.tributary.streams.intents.IntentRouterRunner;
import io.tributary.streams.intents.LlmClassifier;
import io.tributary.streams.intents.RouterSettings;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs {@code IntentRouter} (agents.messages.v1 → agents.*.requests.v1 + agents.routed.v1). */
public final class IntentRouterRole implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(IntentRouterRole.class);

  private final IntentRouterRunner runner;

  private IntentRouterRole(IntentRouterRunner runner) {
    this.runner = runner;
  }

  /**
   * Starts the router with {@code embedder}, first publishing the configured catalogue if none is
   * active yet (see {@link CatalogueSetup#publishIfNone}).
   */
  public static IntentRouterRole start(Settings settings, Embedder embedder, Telemetry telemetry) {
    CatalogueSetup.publishIfNone(settings);
    RouterSettings router = new RouterSettings(settings.kafkaClients(), settings.routerApplicationId(),
        settings.streamsStateDir(), RouterSettings.DEFAULT_COMMIT_INTERVAL, TopicSetup.streamsOverrides(settings));
    IntentRouterRunner runner = new IntentRouterRunner(router, classifier(settings, embedder),
        new IntentDecider(FollowUpRule.defaults()), Clock.systemUTC(), telemetry.meters(),
        telemetry.tracing(Telemetry.STREAMS));
    runner.bindMetrics(telemetry.meters());
    runner.start();
    return new IntentRouterRole(runner);
  }

  /** The embedding classifier, or the LLM classifier in front of it when {@code TRIBUTARY_LLM_URL} is set. */
  static IntentClassifier classifier(Settings settings, Embedder embedder) {
    EmbeddingClassifier embedding = new EmbeddingClassifier(embedder);
    return settings.llmUrl()
        .<IntentClassifier>map(url -> new LlmClassifier(url, settings.llmModel(), settings.llmApiKey(),
            settings.llmTimeout(), embedding))
        .orElse(embedding);
  }

  /** Ready while the router runs (or rebalances). */
  public ReadinessCheck readiness() {
    return RoleReadiness.streams("intent-router", runner::isRunning, runner::state);
  }

  /** Alive unless the router's Kafka Streams client reached ERROR. */
  public ReadinessCheck liveness() {
    return RoleReadiness.streamsAlive("intent-router", runner::state);
  }

  @Override
  public void close() {
    runner.close(Duration.ofSeconds(20));
  }
}
