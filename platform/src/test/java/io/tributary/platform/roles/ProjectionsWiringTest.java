package io.tributary.platform.roles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.platform.UserError;
import io.tributary.platform.config.SettingsLoader;
import io.tributary.projections.generations.Rebuildable;
import io.tributary.projections.projector.Projection;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The projections status and dead-letter resolution know, and the replayable ones among them. */
class ProjectionsWiringTest {

  @Test
  void shouldKnowEveryProjectionTheRolesRunWithTheRebuildableOnesAmongThem() {
    assertThat(ProjectionsWiring.names()).containsExactly("rag", "document-failures", "agents", "agent-labels");
    assertThat(ProjectionsWiring.projections().stream().map(p -> p.topic().name()))
        .containsExactly("docs.embedded.v1", "docs.submitted.v1.dlq.v1", "agents.routed.v1", "agents.labels.v1");
    assertThat(ProjectionsWiring.rebuildable().stream().map(Rebuildable::name)).containsExactly("rag");
    assertThat(ProjectionsWiring.projections().stream().map(Projection::name))
        .containsAll(ProjectionsWiring.rebuildable().stream().map(Rebuildable::name).toList());
  }

  @Test
  void shouldRefuseToReplayAProjectionWithoutGenerationsNamingTheReplayableOnes() {
    var settings = SettingsLoader.load(Map.of());

    // Refused before anything touches the database.
    assertThatThrownBy(() -> ProjectionsWiring.replay("agent-labels", settings, null))
        .isInstanceOf(UserError.class)
        .hasMessage("projection 'agent-labels' keeps no generations and cannot be replayed; replayable: [rag]");
    assertThatThrownBy(() -> ProjectionsWiring.replay("nope", settings, null))
        .isInstanceOf(UserError.class)
        .hasMessage("no projection named 'nope'; replayable: [rag]");
  }

  @Test
  void shouldNameTheKnownProjectionsForAnUnknownOne() {
    assertThatThrownBy(() -> ProjectionsWiring.projection("nope", null))
        .isInstanceOf(UserError.class)
        .hasMessage("no projection named 'nope'; known: [rag, document-failures, agents, agent-labels]");
  }
}
