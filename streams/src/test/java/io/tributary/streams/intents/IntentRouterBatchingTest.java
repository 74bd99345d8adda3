package io.tributary.streams.intents;

import static io.tributary.streams.intents.RouterDriver.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.tributary.schemas.agents.AgentCatalogue;
import io.tributary.schemas.agents.AgentCatalogueFile;
import io.tributary.schemas.agents.RoutingDecision;
import io.tributary.embedding.Embedder;
import io.tributary.streams.embedding.MiniLmExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The router classifies the messages that arrive together in one model call, in arrival order. */
@ExtendWith(MiniLmExtension.class)
class IntentRouterBatchingTest {

  private static final AgentCatalogue SAMPLE = AgentCatalogueFile.sample(NOW);
  private static final List<String> TEXTS = List.of(
      "Why was my credit card charged twice for the same invoice?",
      "Show me last month's revenue by region as a chart",
      "Tell me a joke about penguins");

  private final Embedder embedder;

  IntentRouterBatchingTest(Embedder embedder) {
    this.embedder = embedder;
  }

  @Test
  void shouldClassifyMessagesThatArriveTogetherInOneCallOnceTheyHaveLingered(@TempDir Path stateDir) {
    CountingClassifier classifier = new CountingClassifier(new EmbeddingClassifier(embedder));
    try (RouterDriver router = new RouterDriver(classifier, stateDir, new SimpleMeterRegistry(), OpenTelemetry.noop(),
        new RouterBatching(64, Duration.ofMillis(5)))) {
      router.publish(SAMPLE);

      for (int i = 0; i < TEXTS.size(); i++) {
        router.sendWithoutLinger("conv-" + i, "m-" + i, TEXTS.get(i), NOW);
      }
      router.driver.advanceWallClockTime(Duration.ofMillis(5));
      assertThat(router.routed.isEmpty()).as("messages arrived since the last tick: not quiet yet").isTrue();
      router.lingerOut();

      List<RoutingDecision> decisions = router.routed.readValuesToList();
      assertThat(decisions).extracting(RoutingDecision::messageId).containsExactly("m-0", "m-1", "m-2");
      assertThat(classifier.calls).containsExactly(TEXTS.size());
      EmbeddingClassifier alone = new EmbeddingClassifier(embedder);
      for (int i = 0; i < TEXTS.size(); i++) {
        assertThat(decisions.get(i).agent())
            .isEqualTo(new IntentDecider(FollowUpRule.defaults()).decide("conv-" + i,
                new io.tributary.schemas.agents.AgentMessage("m-" + i, "acme", "u1", TEXTS.get(i), null),
                alone.classify(TEXTS.get(i), SAMPLE), SAMPLE, null, NOW, NOW).agent());
      }
    }
  }

  @Test
  void shouldRouteAFullBatchWithoutWaitingForTheLinger(@TempDir Path stateDir) {
    CountingClassifier classifier = new CountingClassifier(new EmbeddingClassifier(embedder));
    try (RouterDriver router = new RouterDriver(classifier, stateDir, new SimpleMeterRegistry(), OpenTelemetry.noop(),
        new RouterBatching(2, Duration.ofMinutes(1)))) {
      router.publish(SAMPLE);

      for (int i = 0; i < TEXTS.size(); i++) {
        router.sendWithoutLinger("conv-1", "m-" + i, TEXTS.get(i), NOW.plusSeconds(i));
      }

      assertThat(router.routed.readValuesToList()).extracting(RoutingDecision::messageId)
          .containsExactly("m-0", "m-1");
      assertThat(classifier.calls).containsExactly(2);
    }
  }

  @Test
  void shouldKeepFollowUpContextWithinOneBatch(@TempDir Path stateDir) {
    try (RouterDriver router = new RouterDriver(new EmbeddingClassifier(embedder), stateDir)) {
      router.publish(SAMPLE);

      router.sendWithoutLinger("conv-5", "m-1", "What was our total revenue in Europe last quarter?", NOW);
      router.sendWithoutLinger("conv-5", "m-2", "and for last month?", NOW.plusSeconds(30));
      router.lingerOut();

      List<RoutingDecision> decisions = router.routed.readValuesToList();
      assertThat(decisions).extracting(RoutingDecision::agent).containsExactly("analytics", "analytics");
      assertThat(decisions.get(1).reason()).isEqualTo(io.tributary.schemas.agents.RouteReason.FOLLOW_UP);
    }
  }

  /** Records how many texts each batch call carried. */
  private static final class CountingClassifier implements IntentClassifier {
    private final IntentClassifier delegate;
    final List<Integer> calls = new ArrayList<>();

    CountingClassifier(IntentClassifier delegate) {
      this.delegate = delegate;
    }

    @Override
    public Classification classify(String text, AgentCatalogue catalogue) {
      calls.add(1);
      return delegate.classify(text, catalogue);
    }

    @Override
    public List<Classification> classifyAll(List<String> texts, AgentCatalogue catalogue) {
      calls.add(texts.size());
      return delegate.classifyAll(texts, catalogue);
    }
  }
}
