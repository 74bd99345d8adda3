package io.tributary.streams.intents;

import static io.tributary.streams.intents.RouterDriver.NOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.tributary.schemas.agents.AgentCatalogue;
import io.tributary.schemas.agents.AgentCatalogueFile;
import io.tributary.schemas.agents.AgentDefinition;
import io.tributary.schemas.agents.AgentScoring;
import io.tributary.schemas.agents.LabelSettings;
import io.tributary.schemas.agents.LabelSnapshot;
import io.tributary.schemas.agents.LabelledExample;
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
 * A label part or a catalogue too large to embed (and train) inside a router transaction is built
 * in the background while the messages that need it wait pending; other work is not blocked, and
 * nothing is routed without it.
 */
class BackgroundBuildTest {

  private static final String SNAPSHOT = "ls-00000000a1a1";
  private static final AgentCatalogue WITH_LABELS = AgentCatalogueFile.sample(NOW)
      .withLabels(new LabelSettings(SNAPSHOT, 5, 0.75, 0.3, Map.of()));
  private static final int LABELS = EmbeddingClassifier.INLINE_LABELS + 500;

  /** 60 agents of 20 examples: 1,260 texts and a classifier of 75,600 vectors × agents. */
  private static final AgentCatalogue LARGE = AgentCatalogue.of(0.0, 0.5, IntStream.range(0, 60)
      .mapToObj(a -> new AgentDefinition("agent-" + a, "duty " + a,
          IntStream.range(0, 20).mapToObj(e -> "request " + e + " for agent " + a).toList(), null, null))
      .toList(), NOW, null, AgentScoring.CLASSIFIER);
  private static final LabelSource NO_LABELS = (snapshot, tenant) -> Optional.empty();

  private final GatedEmbedder embedder = new GatedEmbedder();
  private final EmbeddingClassifier classifier = new EmbeddingClassifier(embedder);
  private final LabelSnapshot part = new LabelSnapshot(SNAPSHOT, "acme", NOW, IntStream.range(0, LABELS)
      .mapToObj(i -> new LabelledExample("label " + i, i % 2 == 0 ? "hr" : "default", NOW.minusSeconds(60))).toList());
  private final LabelSource labels = (snapshot, tenant) ->
      snapshot.equals(SNAPSHOT) && tenant.equals("acme") ? Optional.of(part) : Optional.empty();
  private RouterDriver router;

  @AfterEach
  void stop() {
    embedder.gate.countDown();
    if (router != null) {
      router.close();
    }
  }

  @Test
  void shouldHoldATenantsMessagesUntilItsLargePartIsEmbeddedThenRouteThemWithIt(@TempDir Path state) {
    router = new RouterDriver(classifier, state);
    router.publish(WITH_LABELS);
    router.publish(part);

    router.sendAs("acme", "c-1", "m-1", "Book a camel ride", NOW.minusSeconds(1));
    router.sendAs("acme", "c-2", "m-2", "Another camel ride", NOW.minusSeconds(1));
    router.lingerOut();
    List<RoutingDecision> whileEmbedding = router.routed.readValuesToList();
    embedder.gate.countDown();
    await().atMost(Duration.ofSeconds(30)).until(() -> classifier.ready(WITH_LABELS, "acme", labels));
    router.lingerOut();
    List<RoutingDecision> after = router.routed.readValuesToList();

    assertThat(whileEmbedding).isEmpty();
    assertThat(after).extracting(RoutingDecision::messageId).containsExactly("m-1", "m-2");
    assertThat(after).allSatisfy(d -> {
      assertThat(d.labelSnapshot()).isEqualTo(SNAPSHOT);
      assertThat(d.labelExamples()).isGreaterThan(LABELS);
    });
    assertThat(embedder.largeCalls).as("the part is embedded once").hasValue(1);
  }

  @Test
  void shouldReleaseTheMessagesThatWaitedInBatchesOfAtMostTheBatchSize(@TempDir Path state) {
    router = new RouterDriver(classifier, state);
    router.publish(WITH_LABELS);
    router.publish(part);
    int waiting = 3 * RouterBatching.defaults().maxMessages() + 5;

    IntStream.range(0, waiting).forEach(i -> router.sendWithoutLinger("c-" + i, "m-" + i, "camel " + i, NOW));
    router.lingerOut();
    int routedWhileEmbedding = router.routed.readValuesToList().size();
    embedder.gate.countDown();
    await().atMost(Duration.ofSeconds(30)).until(() -> classifier.ready(WITH_LABELS, "acme", labels));
    embedder.embedded.clear();
    embedder.calls.clear();
    IntStream.range(0, 8).forEach(i -> router.lingerOut());
    List<RoutingDecision> after = router.routed.readValuesToList();

    assertThat(routedWhileEmbedding).isZero();
    assertThat(after).extracting(RoutingDecision::messageId)
        .containsExactlyElementsOf(IntStream.range(0, waiting).mapToObj(i -> "m-" + i).toList());
    assertThat(embedder.calls).as("message batches after the wait")
        .allMatch(size -> size <= RouterBatching.defaults().maxMessages());
  }

  @Test
  void shouldRouteATenantWithoutLabelsWhileAnotherTenantsPartIsEmbedded(@TempDir Path state) {
    router = new RouterDriver(classifier, state);
    router.publish(WITH_LABELS);
    router.publish(part);

    router.sendAs("globex", "c-g", "m-g", "Book a camel ride", NOW.minusSeconds(1));

    assertThat(router.routed.readValuesToList()).extracting(RoutingDecision::messageId).containsExactly("m-g");
    assertThat(embedder.largeCalls).hasValue(0);
  }

  @Test
  void shouldAnswerReadyOnceAfterABackgroundFailureSoThatTheCallersOwnAttemptFails() {
    embedder.failLarge = true;

    boolean first = classifier.ready(WITH_LABELS, "acme", labels);
    embedder.gate.countDown();
    await().atMost(Duration.ofSeconds(30)).until(() -> classifier.ready(WITH_LABELS, "acme", labels));

    assertThat(first).isFalse();
    assertThatThrownBy(() -> classifier.classifyAll(List.of("camel"), WITH_LABELS, "acme", labels))
        .hasMessageContaining("model went away");
  }

  @Test
  void shouldEmbedOnlyTheNewLabelsOfATenantsNextSnapshot() {
    embedder.gate.countDown();
    assertThat(classifier.ready(WITH_LABELS, "acme", labels)).isFalse();
    await().atMost(Duration.ofSeconds(30)).until(() -> classifier.ready(WITH_LABELS, "acme", labels));
    String next = "ls-00000000a2a2";
    List<LabelledExample> more = new java.util.ArrayList<>(part.examples());
    IntStream.range(0, 10).forEach(i -> more.add(new LabelledExample("fresh label " + i, "hr", NOW)));
    LabelSnapshot nextPart = new LabelSnapshot(next, "acme", NOW, more);
    LabelSource nextLabels = (snapshot, tenant) -> snapshot.equals(next) ? Optional.of(nextPart) : labels.part(snapshot, tenant);
    AgentCatalogue nextCatalogue = AgentCatalogueFile.sample(NOW).withLabels(new LabelSettings(next, 5, 0.75, 0.3, Map.of()));
    embedder.embedded.clear();

    boolean readyAtOnce = classifier.ready(nextCatalogue, "acme", nextLabels);
    Classification scored = classifier.classifyAll(List.of("camel"), nextCatalogue, "acme", nextLabels).getFirst();

    assertThat(readyAtOnce).as("ten new labels are embedded inline").isTrue();
    assertThat(embedder.embedded).filteredOn(text -> text.contains("label "))
        .containsExactlyInAnyOrderElementsOf(IntStream.range(0, 10).mapToObj(i -> "fresh label " + i).toList());
    assertThat(scored.labelUse()).hasValueSatisfying(use -> assertThat(use.labels()).isEqualTo(LABELS + 10));
  }

  @Test
  void shouldBeReadyAtOnceForAPartSmallEnoughToEmbedInline() {
    LabelSnapshot small = new LabelSnapshot(SNAPSHOT, "initech", NOW, List.of(
        new LabelledExample("camel ride", "hr", NOW.minusSeconds(60))));
    LabelSource smallSource = (snapshot, tenant) -> tenant.equals("initech") ? Optional.of(small) : Optional.empty();

    assertThat(classifier.ready(WITH_LABELS, "initech", smallSource)).isTrue();
    assertThat(classifier.ready(AgentCatalogueFile.sample(NOW), "acme", labels)).as("no labels named").isTrue();
    assertThat(embedder.largeCalls).hasValue(0);
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
