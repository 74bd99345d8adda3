package io.tributary.streams.intents;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.schemas.agents.AgentCatalogue;
import io.tributary.schemas.agents.AgentCatalogueFile;
import io.tributary.schemas.agents.AgentDefinition;
import io.tributary.schemas.agents.AgentMessage;
import io.tributary.schemas.agents.LabelSettings;
import io.tributary.schemas.agents.LabelSnapshot;
import io.tributary.schemas.agents.LabelledExample;
import io.tributary.embedding.Embedder;
import io.tributary.streams.embedding.MiniLmExtension;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(MiniLmExtension.class)
class ShadowRoutingTest {

  private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");

  private static LoggedMessage message(String conversation, String id, String text, int second) {
    return message("acme", conversation, id, text, second);
  }

  private static LoggedMessage message(String tenant, String conversation, String id, String text, int second) {
    return new LoggedMessage(conversation, new AgentMessage(id, tenant, "u", text, null), T0.plusSeconds(second));
  }

  private static LabelSnapshot part(String snapshot, String tenant, String agent, String... texts) {
    return new LabelSnapshot(snapshot, tenant, T0,
        java.util.Arrays.stream(texts).map(text -> new LabelledExample(text, agent, T0)).toList());
  }

  @Test
  void shouldCountHowDecisionsMoveToACandidateCatalogueWithExamples(Embedder embedder) {
    AgentCatalogue active = AgentCatalogueFile.sample(T0);
    List<AgentDefinition> agents = new ArrayList<>(active.agents().stream()
        .filter(a -> !a.name().equals("shipping")).toList());
    agents.add(new AgentDefinition("courier", "Parcel tracking, deliveries and returns",
        List.of("Where is my package?", "Track my parcel", "My delivery is late"), null, null));
    AgentCatalogue candidate = AgentCatalogue.of(active.minConfidence(), active.exampleWeight(), agents, T0);
    ShadowRouting shadow = new ShadowRouting(new EmbeddingClassifier(embedder),
        new IntentDecider(FollowUpRule.defaults()), 2);

    ShadowReport report = shadow.replay(List.of(
        message("c1", "m1", "My parcel still has not arrived", 0),
        message("c2", "m1", "The courier lost my package", 1),
        message("c3", "m1", "I forgot my password", 2),
        message("c4", "m1", "Tell me a joke about penguins", 3)), active, candidate);

    assertThat(report.total()).isEqualTo(4);
    assertThat(report.changed()).isEqualTo(2);
    assertThat(report.transitions()).containsExactly(java.util.Map.entry("shipping -> courier", 2L));
    assertThat(report.examples().get("shipping -> courier")).containsExactly(
        new ShadowReport.Example("acme", "My parcel still has not arrived"),
        new ShadowReport.Example("acme", "The courier lost my package"));
    assertThat(report.activeCounts()).containsEntry("shipping", 2L).containsEntry("account", 1L);
    assertThat(report.candidateCounts()).containsEntry("courier", 2L).doesNotContainKey("shipping");
    assertThat(report.render()).contains("changed decisions: 2 (50.0%)", "shipping -> courier");
  }

  @Test
  void shouldScoreEachMessageWithItsOwnTenantsLabelsFromEachCataloguesSnapshot(Embedder embedder) {
    // Given: the candidate's snapshot relabels acme's parcel questions as billing; globex's labels stay the same.
    AgentCatalogue catalogue = AgentCatalogueFile.sample(T0);
    LabelSettings settings = new LabelSettings("ls-00000000000a", LabelSettings.DEFAULT_NEIGHBOURS,
        LabelSettings.DEFAULT_WEIGHT, catalogue.minConfidence(), Map.of());
    AgentCatalogue active = catalogue.withLabels(settings);
    AgentCatalogue candidate = catalogue.withLabels(settings.withSnapshot("ls-00000000000b"));
    String[] parcels = {"My parcel has not arrived", "Where is my parcel?", "The parcel is late",
        "My parcel never came", "Parcel still missing", "I am waiting for my parcel", "Has my parcel shipped?",
        "My parcel did not arrive yet", "No sign of my parcel", "When will my parcel arrive?", "Parcel not delivered"};
    LabelSource labels = LabelSource.of(Map.of(
        LabelSnapshot.key("ls-00000000000a", "acme"), part("ls-00000000000a", "acme", "billing", "I was charged twice"),
        LabelSnapshot.key("ls-00000000000b", "acme"), part("ls-00000000000b", "acme", "billing", parcels),
        LabelSnapshot.key("ls-00000000000a", "globex"), part("ls-00000000000a", "globex", "shipping", parcels),
        LabelSnapshot.key("ls-00000000000b", "globex"), part("ls-00000000000b", "globex", "shipping", parcels)));
    ShadowRouting shadow = new ShadowRouting(new EmbeddingClassifier(embedder),
        new IntentDecider(FollowUpRule.defaults()), 3);

    // When: both tenants send the same messages.
    ShadowReport report = shadow.replay(List.of(
        message("acme", "c1", "m1", "My parcel still has not arrived", 0),
        message("globex", "c1", "m1", "My parcel still has not arrived", 1),
        message("acme", "c2", "m2", "I forgot my password", 2),
        message("globex", "c2", "m2", "I forgot my password", 3)), active, candidate, labels);

    // Then: only acme's parcel question moves; globex routes as before.
    assertThat(report.transitions()).containsExactly(Map.entry("shipping -> billing", 1L));
    assertThat(report.examples().get("shipping -> billing"))
        .containsExactly(new ShadowReport.Example("acme", "My parcel still has not arrived"));
    assertThat(report.tenantMessages()).containsExactly(Map.entry("acme", 2L), Map.entry("globex", 2L));
    assertThat(report.tenantChanges()).containsExactly(Map.entry("acme", 1L), Map.entry("globex", 0L));
    assertThat(report.render()).contains(
        "active catalogue " + active.version() + " (labels ls-00000000000a)",
        "candidate " + candidate.version() + " (labels ls-00000000000b)",
        "e.g. \"My parcel still has not arrived\" (tenant acme)");
  }
}
