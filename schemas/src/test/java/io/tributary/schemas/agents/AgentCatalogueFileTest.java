package io.tributary.schemas.agents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.schemas.json.JsonSerde;
import io.tributary.schemas.topics.Topics;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AgentCatalogueFileTest {

  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

  private static AgentCatalogue parse(String json) throws IOException {
    return AgentCatalogueFile.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), NOW, "test");
  }

  @Test
  void shouldLoadTheSampleCatalogueWithSevenAgentsAndDefaultTopics() {
    AgentCatalogue catalogue = AgentCatalogueFile.sample(NOW);

    assertThat(catalogue.agents()).extracting(AgentDefinition::name)
        .containsExactly("billing", "shipping", "it-support", "account", "hr", "travel", "analytics");
    assertThat(catalogue.agent("billing").orElseThrow().topic()).isEqualTo("agents.billing.requests.v1");
    assertThat(catalogue.minConfidence()).isEqualTo(0.3);
    assertThat(catalogue.version()).matches("[0-9a-f]{12}");
  }

  @Test
  void shouldGiveTheSameContentTheSameVersionAndAChangeANewOne() throws IOException {
    String json = "{\"agents\":[{\"name\":\"a\",\"description\":\"x\"}]}";
    AgentCatalogue first = parse(json);
    AgentCatalogue again = AgentCatalogueFile.read(
        new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), NOW.plusSeconds(60), "test");
    AgentCatalogue tuned = first.withThresholds(Map.of("a", 0.42));

    assertThat(again.version()).isEqualTo(first.version());
    assertThat(tuned.version()).isNotEqualTo(first.version());
    assertThat(tuned.threshold(tuned.agent("a").orElseThrow())).isEqualTo(0.42);
    assertThat(first.threshold(first.agent("a").orElseThrow())).isEqualTo(AgentCatalogue.DEFAULT_MIN_CONFIDENCE);
  }

  @Test
  void shouldRefuseTheReservedDefaultAgentAndDuplicates() {
    assertThatThrownBy(() -> parse("{\"agents\":[{\"name\":\"default\",\"description\":\"x\"}]}"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("reserved");
    assertThatThrownBy(() -> parse(
        "{\"agents\":[{\"name\":\"a\",\"description\":\"x\"},{\"name\":\"a\",\"description\":\"y\"}]}"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("twice");
  }

  @Test
  void shouldNameTheFieldThatBreaksTheFileSchema() {
    assertThatThrownBy(() -> parse("{\"agents\":[{\"name\":\"Bad Name\",\"examples\":[\"x\"]}]}"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("name");
    assertThatThrownBy(() -> parse("{\"agents\":[],\"threshold\":0.2}"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("threshold");
  }

  @Test
  void shouldReadTheScoringAndKeepOldVersionsForSimilarity() throws IOException {
    String agents = "\"agents\":[{\"name\":\"a\",\"description\":\"x\"},{\"name\":\"b\",\"examples\":[\"y\"]}]";
    AgentCatalogue absent = parse("{" + agents + "}");
    AgentCatalogue similarity = parse("{\"scoring\":\"similarity\"," + agents + "}");
    AgentCatalogue classifier = parse("{\"scoring\":\"classifier\"," + agents + "}");

    assertThat(absent.scoring()).isEqualTo(AgentScoring.SIMILARITY);
    assertThat(similarity.version()).isEqualTo(absent.version());
    assertThat(classifier.scoring()).isEqualTo(AgentScoring.CLASSIFIER);
    assertThat(classifier.version()).isNotEqualTo(absent.version());
    assertThat(classifier.withThresholds(Map.of("a", 0.5)).scoring()).isEqualTo(AgentScoring.CLASSIFIER);
    assertThat(classifier.withScoring(AgentScoring.SIMILARITY).version()).isEqualTo(absent.version());
    AgentCatalogue republished = classifier.withPublishedAt(NOW.plusSeconds(3600));
    assertThat(republished.version()).isEqualTo(classifier.version());
    assertThat(republished.scoring()).isEqualTo(AgentScoring.CLASSIFIER);
    assertThat(republished.publishedAt()).isEqualTo(NOW.plusSeconds(3600));
  }

  @Test
  void shouldRefuseAnUnknownScoringAndAClassifierOfOneAgent() {
    assertThatThrownBy(() -> parse("{\"scoring\":\"knn\",\"agents\":[{\"name\":\"a\",\"description\":\"x\"}]}"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("scoring");
    assertThatThrownBy(() -> parse("{\"scoring\":\"classifier\",\"agents\":[{\"name\":\"a\",\"description\":\"x\"}]}"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least two agents");
    List<AgentDefinition> large = java.util.stream.IntStream.range(0, 100).mapToObj(i -> new AgentDefinition(
        "agent-" + i, "", java.util.Collections.nCopies(50, "example of " + i), null, null)).toList();
    assertThat(AgentCatalogue.of(0.3, 0.5, large, NOW, null, AgentScoring.CLASSIFIER).agents()).hasSize(100);
    List<AgentDefinition> larger = new java.util.ArrayList<>(large);
    larger.add(new AgentDefinition("one-more", "", List.of("x"), null, null));
    assertThatThrownBy(() -> AgentCatalogue.of(0.3, 0.5, larger, NOW, null, AgentScoring.CLASSIFIER))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at most 500000")
        .hasMessageContaining("has 505101");
  }

  @Test
  void shouldRoundTripTheScoringAndReadRecordsPublishedBeforeIt() throws IOException {
    AgentCatalogue catalogue = AgentCatalogueFile.sample(NOW).withScoring(AgentScoring.CLASSIFIER);
    JsonSerde<AgentCatalogue> serde = (JsonSerde<AgentCatalogue>) Topics.AGENTS_CATALOGUE.valueSerde();
    byte[] bytes = serde.toBytes(catalogue);
    String older = new String(serde.toBytes(AgentCatalogueFile.sample(NOW)), StandardCharsets.UTF_8)
        .replace(",\"scoring\":\"similarity\"", "");

    assertThat(new String(bytes, StandardCharsets.UTF_8)).contains("\"scoring\":\"classifier\"");
    assertThat(serde.fromBytes(bytes)).isEqualTo(catalogue);
    assertThat(older).doesNotContain("scoring");
    assertThat(serde.fromBytes(older.getBytes(StandardCharsets.UTF_8))).isEqualTo(AgentCatalogueFile.sample(NOW));
  }

  @Test
  void shouldRoundTripThroughTheCatalogueTopicSerde() {
    AgentCatalogue catalogue = AgentCatalogueFile.sample(NOW);
    JsonSerde<AgentCatalogue> serde = (JsonSerde<AgentCatalogue>) Topics.AGENTS_CATALOGUE.valueSerde();

    assertThat(serde.fromBytes(serde.toBytes(catalogue))).isEqualTo(catalogue);
  }

  @Test
  void shouldDeclareTheAgentTopicsWithACompactedCatalogueAndOneRequestTopicPerAgent() {
    AgentCatalogue catalogue = AgentCatalogueFile.sample(NOW);

    assertThat(Topics.AGENTS_CATALOGUE.compacted()).isTrue();
    assertThat(Topics.AGENTS_MESSAGES_DLQ.name()).isEqualTo("agents.messages.v1.dlq.v1");
    assertThat(Topics.agentRequests(catalogue)).extracting(t -> t.name())
        .startsWith("agents.default.requests.v1").contains("agents.it-support.requests.v1").hasSize(8);
    assertThat(Topics.all()).extracting(t -> t.name())
        .contains("agents.messages.v1", "agents.routed.v1", "agents.catalogue.v1", "agents.default.requests.v1");
    assertThat(List.of(Topics.AGENTS_MESSAGES, Topics.AGENTS_ROUTED)).allMatch(t -> !t.compacted());
  }
}
