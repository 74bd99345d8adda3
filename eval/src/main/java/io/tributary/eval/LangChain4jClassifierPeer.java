package io.tributary.eval;

import dev.langchain4j.classification.ClassificationResult;
import dev.langchain4j.classification.EmbeddingModelTextClassifier;
import dev.langchain4j.classification.ScoredLabel;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import io.tributary.platform.eval.RoutingPeer;
import io.tributary.schemas.agents.AgentCatalogue;
import io.tributary.schemas.agents.AgentDefinition;
import io.tributary.schemas.agents.RoutingDecision;
import io.tributary.streams.intents.eval.LabelledUtterance;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * LangChain4j's {@link EmbeddingModelTextClassifier} with the same model and the catalogue's
 * examples (the description counts as one more example), its {@code meanToMaxScoreRatio} and
 * {@code minScore} fitted on the tune data by grid search for the best accuracy: below
 * {@code minScore} a message goes to {@code default}.
 */
public final class LangChain4jClassifierPeer implements RoutingPeer {

  static final double[] RATIOS = {0.0, 0.25, 0.5, 0.75};

  @Override
  public String name() {
    return "langchain4j EmbeddingModelTextClassifier";
  }

  @Override
  public Router fit(AgentCatalogue catalogue, List<LabelledUtterance> tune) {
    EmbeddingModel model = new AllMiniLmL6V2QuantizedEmbeddingModel();
    Map<String, List<String>> examples = new LinkedHashMap<>();
    for (AgentDefinition agent : catalogue.agents()) {
      List<String> texts = new java.util.ArrayList<>(agent.examples());
      if (!agent.description().isBlank()) {
        texts.add(agent.description());
      }
      examples.put(agent.name(), texts);
    }
    EmbeddingModelTextClassifier<String> best = null;
    double bestRatio = 0;
    double bestMin = 0;
    int bestCorrect = -1;
    for (double ratio : RATIOS) {
      // minScore 0 keeps every label; thresholds are then tried on the top score without re-embedding.
      EmbeddingModelTextClassifier<String> classifier = new EmbeddingModelTextClassifier<>(model, examples, 1, 0, ratio);
      List<ScoredLabel<String>> tops = tune.stream().map(u -> top(classifier, u.text())).toList();
      for (int step = 0; step <= 100; step++) {
        double min = step / 100.0;
        int correct = 0;
        for (int i = 0; i < tune.size(); i++) {
          correct += tune.get(i).agent().equals(decide(tops.get(i), min)) ? 1 : 0;
        }
        if (correct > bestCorrect) {
          bestCorrect = correct;
          best = classifier;
          bestRatio = ratio;
          bestMin = min;
        }
      }
    }
    EmbeddingModelTextClassifier<String> chosen = best;
    double ratio = bestRatio;
    double min = bestMin;
    return new Router() {
      @Override
      public String describe() {
        return String.format(Locale.ROOT, "meanToMaxScoreRatio %.2f, minScore %.2f", ratio, min);
      }

      @Override
      public String route(String text) {
        return decide(top(chosen, text), min);
      }
    };
  }

  private static ScoredLabel<String> top(EmbeddingModelTextClassifier<String> classifier, String text) {
    ClassificationResult<String> result = classifier.classifyWithScores(text);
    return result.scoredLabels().isEmpty() ? null : result.scoredLabels().getFirst();
  }

  private static String decide(ScoredLabel<String> top, double minScore) {
    return top == null || top.score() < minScore ? RoutingDecision.DEFAULT_AGENT : top.label();
  }
}
