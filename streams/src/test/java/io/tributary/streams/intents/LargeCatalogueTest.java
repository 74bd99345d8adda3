package io.tributary.streams.intents;

import static io.tributary.streams.intents.RouterDriver.NOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tributary.schemas.agents.AgentCatalogue;
import io.tributary.schemas.agents.AgentDefinition;
import io.tributary.schemas.agents.AgentScoring;
import io.tributary.schemas.agents.RoutingDecision;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A catalogue too large to embed and train inside a router transaction is built in the
 * background while messages wait pending; once built, they are routed with it, and a version
 * that changes only thresholds is ready at once.
 */
class LargeCatalogueTest {

  /** 60 agents of 20 examples: 1,260 texts and a classifier of 75,600 vectors × agents. */
  private static final AgentCatalogue LARGE = AgentCatalogue.of(0.0, 0.5, IntStream.range(0, 60)
      .mapToObj(a -> new AgentDefinition("agent-" + a, "duty " + a,
          IntStream.range(0, 20).mapToObj(e -> "request " + e + " for agent " + a).toList(), null, null))
      .toList(), NOW, null, AgentScoring.CLASSIFIER);
  private static final LabelSource NO_LABELS = (snapshot, tenant) -> Optional.empty();

  private final GatedEmbedder embedder = new GatedEmbedder();
  private final EmbeddingClassifier classifier = new EmbeddingClassifier(embedder);
  private RouterDriver router;

  @AfterEach
  void stop() {
    embedder.gate.countDown();
    if (router != null) {
      router.close();
    }
  }

  @Test
  void shouldBuildALargeClassifierCatalogueInTheBackgroundWhileMessagesWait(@TempDir Path state) {
    assertThat(CatalogueIndex.texts(LARGE)).isGreaterThan(EmbeddingClassifier.INLINE_LABELS);
    assertThat(AgentCatalogue.classifierSize(LARGE.agents())).isGreaterThan(EmbeddingClassifier.INLINE_CLASSIFIER_SIZE);
    router = new RouterDriver(classifier, state);
    router.publish(LARGE);

    router.send("c-1", "m-1", "request 3 for agent 7", NOW);
    router.send("c-2", "m-2", "request 4 for agent 9", NOW);
    router.lingerOut();
    List<RoutingDecision> whileBuilding = router.routed.readValuesToList();
    embedder.gate.countDown();
    await().atMost(Duration.ofSeconds(60)).until(() -> classifier.ready(LARGE, "acme", NO_LABELS));
    router.lingerOut();
    List<RoutingDecision> after = router.routed.readValuesToList();

    assertThat(whileBuilding).isEmpty();
    assertThat(after).extracting(RoutingDecision::messageId).containsExactly("m-1", "m-2");
    // Noise vectors carry no meaning: the decisions must be the built classifier's own best agents.
    assertThat(after).extracting(RoutingDecision::agent).containsExactly(
        classifier.classify("request 3 for agent 7", LARGE).ranked().getFirst().agent(),
        classifier.classify("request 4 for agent 9", LARGE).ranked().getFirst().agent());
    assertThat(after).allSatisfy(d -> assertThat(d.catalogueVersion()).isEqualTo(LARGE.version()));
    assertThat(embedder.largeCalls).as("the catalogue is embedded once").hasValue(1);
    assertThat(classifier.classifierTrainings()).isEqualTo(1);
    assertThat(classifier.indexBuilds()).isEqualTo(1);

    AgentCatalogue stricter = LARGE.withThresholds(Map.of("agent-7", 0.5));
    await().atMost(Duration.ofSeconds(60)).until(() -> classifier.ready(stricter, "acme", NO_LABELS));
    assertThat(classifier.indexBuilds()).isEqualTo(2);
    assertThat(classifier.classifierTrainings()).as("same agents and examples: the classifier is reused").isEqualTo(1);
  }
}
