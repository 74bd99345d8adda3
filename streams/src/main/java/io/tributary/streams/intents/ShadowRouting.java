package io.tributary.streams.intents;

import static java.util.Objects.requireNonNull;

import io.tributary.schemas.agents.AgentCatalogue;
import io.tributary.schemas.agents.RoutingDecision;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Replays logged messages through the active and a candidate catalogue, each with its own
 * conversation context (the follow-up rule applies as in the topology), and reports how the
 * decisions would change before the candidate is published. Each message is embedded once.
 */
public final class ShadowRouting {

  private static final int BATCH = 64;

  private final EmbeddingClassifier classifier;
  private final IntentDecider decider;
  private final int examplesPerChange;

  public ShadowRouting(EmbeddingClassifier classifier, IntentDecider decider, int examplesPerChange) {
    this.classifier = requireNonNull(classifier, "classifier");
    this.decider = requireNonNull(decider, "decider");
    this.examplesPerChange = examplesPerChange;
  }

  /** Replays {@code messages} (in log order per conversation) through both catalogues. */
  public ShadowReport replay(List<LoggedMessage> messages, AgentCatalogue active, AgentCatalogue candidate) {
    List<LoggedMessage> ordered = new ArrayList<>(messages);
    ordered.sort(Comparator.comparing(LoggedMessage::at));
    Map<String, Conversation> activeContext = new HashMap<>();
    Map<String, Conversation> candidateContext = new HashMap<>();
    Map<String, Long> transitions = new HashMap<>();
    Map<String, List<String>> examples = new TreeMap<>();
    Map<String, Long> activeCounts = new TreeMap<>();
    Map<String, Long> candidateCounts = new TreeMap<>();
    int changed = 0;
    for (int from = 0; from < ordered.size(); from += BATCH) {
      List<LoggedMessage> batch = ordered.subList(from, Math.min(ordered.size(), from + BATCH));
      List<float[]> vectors = classifier.embedder().embed(batch.stream().map(m -> m.message().text()).toList());
      for (int i = 0; i < batch.size(); i++) {
        LoggedMessage logged = batch.get(i);
        RoutingDecision before = decide(logged, vectors.get(i), active, activeContext);
        RoutingDecision after = decide(logged, vectors.get(i), candidate, candidateContext);
        activeCounts.merge(before.agent(), 1L, Long::sum);
        candidateCounts.merge(after.agent(), 1L, Long::sum);
        if (!before.agent().equals(after.agent())) {
          changed++;
          String transition = before.agent() + " -> " + after.agent();
          transitions.merge(transition, 1L, Long::sum);
          List<String> shown = examples.computeIfAbsent(transition, t -> new ArrayList<>());
          if (shown.size() < examplesPerChange) {
            shown.add(after.preview());
          }
        }
      }
    }
    Map<String, Long> sorted = new LinkedHashMap<>();
    transitions.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
        .forEach(e -> sorted.put(e.getKey(), e.getValue()));
    return new ShadowReport(active.version(), candidate.version(), ordered.size(), changed, sorted, examples,
        activeCounts, candidateCounts);
  }

  private RoutingDecision decide(LoggedMessage logged, float[] vector, AgentCatalogue catalogue,
      Map<String, Conversation> context) {
    String key = logged.message().tenant() + "/" + logged.conversationId();
    Conversation conversation = context.get(key);
    Instant at = logged.message().sentAt() != null ? logged.message().sentAt() : logged.at();
    RoutingDecision decision = decider.decide(logged.conversationId(), logged.message(),
        classifier.classify(vector, catalogue), catalogue, conversation, at, at);
    context.put(key, (conversation == null ? new Conversation(null) : conversation).plus(
        new Conversation.Turn(logged.message().id(), decision.agent(), decision.confidence(), decision.reason(), at),
        decider.followUps().maxTurns()));
    return decision;
  }
}
