package io.tributary.streams.intents;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.schemas.agents.AgentCatalogue;
import io.tributary.schemas.agents.AgentCatalogueFile;
import io.tributary.schemas.agents.AgentDefinition;
import io.tributary.schemas.agents.AgentMessage;
import io.tributary.embedding.Embedder;
import io.tributary.streams.embedding.MiniLmExtension;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(MiniLmExtension.class)
class ShadowRoutingTest {

  private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");

  private static LoggedMessage message(String conversation, String id, String text, int second) {
    return new LoggedMessage(conversation, new AgentMessage(id, "acme", "u", text, null), T0.plusSeconds(second));
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
    assertThat(report.examples().get("shipping -> courier"))
        .containsExactly("My parcel still has not arrived", "The courier lost my package");
    assertThat(report.activeCounts()).containsEntry("shipping", 2L).containsEntry("account", 1L);
    assertThat(report.candidateCounts()).containsEntry("courier", 2L).doesNotContainKey("shipping");
    assertThat(report.render()).contains("changed decisions: 2 (50.0%)", "shipping -> courier");
  }
}
