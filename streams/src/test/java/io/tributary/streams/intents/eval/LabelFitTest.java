package io.tributary.streams.intents.eval;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.schemas.agents.AgentCatalogue;
import io.tributary.schemas.agents.AgentDefinition;
import io.tributary.streams.embedding.MemoizingEmbedder;
import io.tributary.streams.intents.EmbeddingClassifier;
import io.tributary.streams.intents.FollowUpRule;
import io.tributary.streams.intents.IntentDecider;
import io.tributary.streams.intents.NoiseEmbedder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class LabelFitTest {

  private static final List<String> AGENTS = List.of("billing", "hr", "shipping", "returns");

  private final RouteEvaluator evaluator = new RouteEvaluator(
      new EmbeddingClassifier(new MemoizingEmbedder(new NoiseEmbedder())), new IntentDecider(FollowUpRule.defaults()));

  private final AgentCatalogue catalogue = AgentCatalogue.of(0.3, 0.5,
      AGENTS.stream().map(a -> new AgentDefinition(a, a, List.of(a + " example"), null, null)).toList(),
      Instant.EPOCH);

  private static List<LabelledUtterance> labels(int count) {
    return IntStream.range(0, count)
        .mapToObj(i -> new LabelledUtterance("message " + i, AGENTS.get(i % AGENTS.size()))).toList();
  }

  @Test
  void shouldRouteEachHeldOutLabelWithoutItself() {
    List<LabelledUtterance> labels = labels(400);

    LabelFit.Fitted fitted = LabelFit.fit(evaluator, List.of(), List.of(), catalogue, labels);

    // Agents are random here: a held-out label that stayed among its fold's labels would be its
    // own nearest neighbour, and k=1 would be right on (nearly) all of them.
    LabelFit.Fitted nearestOnly = fitted.tried().stream()
        .filter(t -> t.settings().neighbours() == 1).findFirst().orElseThrow();
    assertThat(nearestOnly.tuneAccuracy()).isLessThan(0.6);
    assertThat(fitted.tuneSize()).as("every label held out once").isEqualTo(400);
  }

  @Test
  void shouldHoldOutAtMostTheCapAndAddTheTuneFile() {
    List<LabelledUtterance> labels = labels(2_600);
    List<LabelledUtterance> tune = new ArrayList<>(labels(20).stream()
        .map(l -> new LabelledUtterance("tune " + l.text(), l.agent())).toList());

    LabelFit.Fitted fitted = LabelFit.fit(evaluator, tune, evaluator.embed(tune), catalogue, labels);

    assertThat(fitted.tuneSize()).isBetween(20 + 1_000, 20 + LabelFit.MOST_HELD_OUT);
    assertThat(fitted.tried()).hasSize(LabelFit.NEIGHBOURS.size() * LabelFit.WEIGHTS.size());
  }
}
