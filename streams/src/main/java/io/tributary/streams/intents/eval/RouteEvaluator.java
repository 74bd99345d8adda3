package io.tributary.streams.intents.eval;

import static java.util.Objects.requireNonNull;

import io.tributary.schemas.agents.AgentCatalogue;
import io.tributary.schemas.agents.AgentMessage;
import io.tributary.schemas.agents.RoutingDecision;
import io.tributary.streams.intents.AgentScore;
import io.tributary.streams.intents.Classification;
import io.tributary.streams.intents.EmbeddingClassifier;
import io.tributary.streams.intents.IntentDecider;
import io.tributary.streams.intents.LabelSource;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Routes a labelled data set the way the topology would (same classifier, same decider, no
 * conversation context) and keeps each message's scores, so thresholds can be refitted without
 * embedding again.
 */
public final class RouteEvaluator {

  private static final int BATCH = 64;

  private final EmbeddingClassifier classifier;
  private final IntentDecider decider;

  public RouteEvaluator(EmbeddingClassifier classifier, IntentDecider decider) {
    this.classifier = requireNonNull(classifier, "classifier");
    this.decider = requireNonNull(decider, "decider");
  }

  /** Embeds every utterance once (in batches). */
  public List<float[]> embed(List<LabelledUtterance> rows) {
    List<float[]> vectors = new ArrayList<>(rows.size());
    for (int from = 0; from < rows.size(); from += BATCH) {
      List<String> texts = rows.subList(from, Math.min(rows.size(), from + BATCH)).stream()
          .map(LabelledUtterance::text).toList();
      vectors.addAll(classifier.embedder().embed(texts));
    }
    return vectors;
  }

  /** Scores and decides every utterance against {@code catalogue}. */
  public List<ScoredUtterance> evaluate(List<LabelledUtterance> rows, List<float[]> vectors, AgentCatalogue catalogue) {
    return evaluate(rows, vectors, catalogue, LabelSource.NONE);
  }

  /**
   * Scores and decides every utterance against {@code catalogue}, as messages of the
   * {@link AgentMessage#DEFAULT_TENANT default tenant} with that tenant's labels from {@code labels}.
   */
  public List<ScoredUtterance> evaluate(List<LabelledUtterance> rows, List<float[]> vectors, AgentCatalogue catalogue,
      LabelSource labels) {
    Instant now = Instant.EPOCH;
    List<ScoredUtterance> scored = new ArrayList<>(rows.size());
    for (int i = 0; i < rows.size(); i++) {
      LabelledUtterance row = rows.get(i);
      Classification scores = classifier.classify(vectors.get(i), catalogue, AgentMessage.DEFAULT_TENANT, labels);
      RoutingDecision decision = decider.decide("eval", new AgentMessage("eval-" + i, null, null, row.text(), now),
          scores, catalogue, null, now, now);
      AgentScore best = scores.best().orElse(new AgentScore(RoutingDecision.DEFAULT_AGENT, 0));
      scored.add(new ScoredUtterance(row.text(), row.agent(), best.agent(), best.score(), decision.agent()));
    }
    return scored;
  }
}
