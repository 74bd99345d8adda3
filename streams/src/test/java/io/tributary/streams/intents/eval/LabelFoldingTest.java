package io.tributary.streams.intents.eval;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.schemas.agents.AgentCatalogue;
import io.tributary.schemas.agents.AgentDefinition;
import io.tributary.schemas.agents.AgentScoring;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LabelFoldingTest {

  private static final AgentCatalogue CLASSIFIER = AgentCatalogue.of(0.3, 0.5, List.of(
      new AgentDefinition("billing", "Invoices", List.of("refund please"), null, null),
      new AgentDefinition("shipping", "Parcels", List.of("where is my parcel"), null, null)), null, null,
      AgentScoring.CLASSIFIER);

  @Test
  void shouldAddAgentLabelsToExamplesAndDropDefaultOnes() {
    AgentCatalogue folded = LabelFolding.fold(CLASSIFIER, List.of(new LabelledUtterance("copy of my invoice",
        "billing"), new LabelledUtterance("tell me a joke", "default")));

    assertThat(folded.agent("billing").orElseThrow().examples()).containsExactly("refund please",
        "copy of my invoice");
    assertThat(folded.agent("shipping").orElseThrow().examples()).containsExactly("where is my parcel");
    assertThat(folded.scoring()).isEqualTo(AgentScoring.CLASSIFIER);
  }

  @Test
  void shouldScoreByFallingBackToSimilarityWhenLabelsOutgrowTheClassifier() {
    List<LabelledUtterance> labels = new ArrayList<>();
    for (int i = 0; i < AgentCatalogue.MAX_CLASSIFIER_SIZE / 2; i++) {
      labels.add(new LabelledUtterance("invoice question " + i, "billing"));
    }

    AgentCatalogue folded = LabelFolding.fold(CLASSIFIER, labels);

    assertThat(folded.agent("billing").orElseThrow().examples()).hasSize(1 + labels.size());
    assertThat(folded.scoring()).isEqualTo(AgentScoring.SIMILARITY);
  }
}
