package io.tributary.streams.intents;

import static io.tributary.streams.intents.RouterDriver.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.embedding.Embedder;
import io.tributary.schemas.agents.AgentCatalogue;
import io.tributary.schemas.agents.AgentCatalogueFile;
import io.tributary.schemas.agents.LabelSettings;
import io.tributary.schemas.agents.LabelSnapshot;
import io.tributary.schemas.agents.LabelledExample;
import io.tributary.schemas.agents.RoutingDecision;
import io.tributary.streams.embedding.MiniLmExtension;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The topology routes each tenant with its own labels, and only once a catalogue names their snapshot. */
@ExtendWith(MiniLmExtension.class)
class IntentRouterLabelsTest {

  private static final AgentCatalogue SAMPLE = AgentCatalogueFile.sample(NOW);
  private static final String SNAPSHOT = "ls-0123456789ab";
  private static final AgentCatalogue WITH_LABELS =
      SAMPLE.withLabels(new LabelSettings(SNAPSHOT, 5, 0.75, 0.3, Map.of()));
  /** Nothing in the sample catalogue is about this; acme's operators say hr (team events) handles it. */
  private static final String CAMEL = "Book a camel ride across the dunes for my team";

  private final Embedder embedder;
  private RouterDriver router;

  IntentRouterLabelsTest(Embedder embedder) {
    this.embedder = embedder;
  }

  @BeforeEach
  void start(@TempDir Path stateDir) {
    router = new RouterDriver(new EmbeddingClassifier(embedder), stateDir);
    router.publish(new LabelSnapshot(SNAPSHOT, "acme", NOW, List.of(
        label("Book a camel ride for the team offsite", "hr"),
        label("camel ride across the desert dunes", "hr"),
        label("reserve camels for a dune trek", "hr"),
        label("can we ride camels on the dunes trip", "hr"),
        label("arrange a camel trek for my colleagues", "hr"),
        label("What is the weather like on Mars today?", "default"),
        label("Tell me the weather on Mars", "default"),
        label("Is it cold on Mars right now?", "default"),
        label("Mars weather report please", "default"),
        label("How windy is it on Mars?", "default"))));
  }

  @AfterEach
  void stop() {
    router.close();
  }

  @Test
  void shouldRouteATenantWithItsLabelsAndNameTheSnapshotInTheDecision() {
    RoutingDecision without = routeAs("acme", "m-0", CAMEL, SAMPLE);
    assertThat(without.agent()).isNotEqualTo("hr");
    assertThat(without.labelSnapshot()).isEmpty();
    assertThat(without.labelExamples()).isZero();

    RoutingDecision with = routeAs("acme", "m-1", CAMEL, WITH_LABELS);

    assertThat(with.agent()).isEqualTo("hr");
    assertThat(with.labelSnapshot()).isEqualTo(SNAPSHOT);
    assertThat(with.labelExamples()).isEqualTo(catalogueExamples() + 10);
    assertThat(with.catalogueVersion()).isEqualTo(WITH_LABELS.version()).isNotEqualTo(SAMPLE.version());
  }

  @Test
  void shouldNeverLetOneTenantsLabelsChangeAnotherTenantsRoutes() {
    RoutingDecision alone = routeAs("globex", "m-1", CAMEL, SAMPLE);

    RoutingDecision globex = routeAs("globex", "m-2", CAMEL, WITH_LABELS);
    RoutingDecision acme = routeAs("acme", "m-3", CAMEL, WITH_LABELS);

    assertThat(acme.agent()).isEqualTo("hr");
    assertThat(alone.agent()).isNotEqualTo("hr");
    assertThat(globex.agent()).as("globex routes as before acme's labels were published").isEqualTo(alone.agent());
    assertThat(globex.confidence()).isEqualTo(alone.confidence());
    assertThat(globex.runnerUp()).isEqualTo(alone.runnerUp());
    assertThat(globex.labelSnapshot()).as("no labels of globex took part").isEmpty();
    assertThat(globex.labelExamples()).isZero();
  }

  @Test
  void shouldUseATenantsPartOnceItArrivesAfterTheCatalogueNamingIt() {
    String later = "ls-00000000beef";
    AgentCatalogue naming = SAMPLE.withLabels(new LabelSettings(later, 5, 0.75, 0.3, Map.of()));

    RoutingDecision before = routeAs("acme", "m-1", CAMEL, naming);
    router.publish(new LabelSnapshot(later, "acme", NOW, List.of(
        label("Book a camel ride for the team offsite", "hr"), label("camel ride across the desert dunes", "hr"),
        label("reserve camels for a dune trek", "hr"))));
    RoutingDecision after = routeAs("acme", "m-2", CAMEL, naming);

    assertThat(before.labelSnapshot()).isEmpty();
    assertThat(before.agent()).isNotEqualTo("hr");
    assertThat(after.labelSnapshot()).isEqualTo(later);
    assertThat(after.agent()).isEqualTo("hr");
  }

  @Test
  void shouldSendWhatATenantLabelledDefaultToDefault() {
    RoutingDecision decision = routeAs("acme", "m-1", "What's the weather doing on Mars this afternoon?", WITH_LABELS);

    assertThat(decision.agent()).isEqualTo(RoutingDecision.DEFAULT_AGENT);
  }

  @Test
  void shouldRouteOnTheCatalogueAloneAgainOnceACatalogueWithoutLabelsIsPublished() {
    assertThat(routeAs("acme", "m-1", CAMEL, WITH_LABELS).agent()).isEqualTo("hr");

    RoutingDecision rolledBack = routeAs("acme", "m-2", CAMEL, SAMPLE);

    assertThat(rolledBack.agent()).isNotEqualTo("hr");
    assertThat(rolledBack.labelSnapshot()).isEmpty();
  }

  @Test
  void shouldScoreEveryMessageOfABatchWithItsOwnTenantsLabels() {
    router.publish(WITH_LABELS);
    // Both wait in one batch; the batch is classified once per tenant.
    IntStream.range(0, 2).forEach(i -> router.sendWithoutLinger("c-" + i, "m-" + i, CAMEL, NOW.minusSeconds(1)));
    router.sendAs("globex", "c-g", "m-g", CAMEL, NOW.minusSeconds(1));

    List<RoutingDecision> decisions = router.routed.readValuesToList();

    assertThat(decisions).extracting(RoutingDecision::tenant).containsExactly("acme", "acme", "globex");
    assertThat(decisions).extracting(RoutingDecision::agent).first().isEqualTo("hr");
    assertThat(decisions.get(1).agent()).isEqualTo("hr");
    assertThat(decisions.get(2).agent()).isNotEqualTo("hr");
  }

  private RoutingDecision routeAs(String tenant, String id, String text, AgentCatalogue catalogue) {
    router.publish(catalogue);
    router.sendAs(tenant, "conv-" + id, id, text, NOW.minusSeconds(1));
    List<RoutingDecision> decisions = router.routed.readValuesToList();
    assertThat(decisions).hasSize(1);
    return decisions.getFirst();
  }

  private static int catalogueExamples() {
    return SAMPLE.agents().stream().mapToInt(a -> a.examples().size()).sum();
  }

  private static LabelledExample label(String text, String agent) {
    return new LabelledExample(text, agent, NOW.minusSeconds(3600));
  }
}
