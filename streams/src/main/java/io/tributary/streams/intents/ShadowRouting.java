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
 * decisions would change before the candidate is published. Each message is embedded once and,
 * as in the topology, scored with its own tenant's labels from the snapshot each catalogue names.
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

  /** Replays {@code messages} (in log order per conversation) through both catalogues, without labels. */
  public ShadowReport replay(List<LoggedMessage> messages, AgentCatalogue active, AgentCatalogue candidate) {
    return replay(messages, active, candidate, LabelSource.NONE);
  }

  /**
   * Replays {@code messages} (in log order per conversation) through both catalogues; {@code labels}
   * holds the parts of the snapshots they name.
   */
  public ShadowReport replay(List<LoggedMessage> messages, AgentCatalogue active, AgentCatalogue candidate,
      LabelSource labels) {
    requireNonNull(labels, "labels");
    List<LoggedMessage> ordered = new ArrayList<>(messages);
    ordered.sort(Comparator.comparing(LoggedMessage::at));
    Map<String, Conversation> activeContext = new HashMap<>();
    Map<String, Conversation> candidateContext = new HashMap<>();
    Map<String, Long> transitions = new HashMap<>();
    Map<String, List<ShadowReport.Example>> examples = new TreeMap<>();
    Map<String, Long> activeCounts = new TreeMap<>();
    Map<String, Long> candidateCounts = new TreeMap<>();
    Map<String, Long> tenantMessages = new TreeMap<>();
    Map<String, Long> tenantChanges = new TreeMap<>();
    int changed = 0;
    for (int from = 0; from < ordered.size(); from += BATCH) {
      List<LoggedMessage> batch = ordered.subList(from, Math.min(ordered.size(), from + BATCH));
      List<float[]> vectors = classifier.embedder().embed(batch.stream().map(m -> m.message().text()).toList());
      for (int i = 0; i < batch.size(); i++) {
        LoggedMessage logged = batch.get(i);
        RoutingDecision before = decide(logged, vectors.get(i), active, activeContext, labels);
        RoutingDecision after = decide(logged, vectors.get(i), candidate, candidateContext, labels);
        String tenant = logged.message().tenant();
        activeCounts.merge(before.agent(), 1L, Long::sum);
        candidateCounts.merge(after.agent(), 1L, Long::sum);
        tenantMessages.merge(tenant, 1L, Long::sum);
        tenantChanges.merge(tenant, 0L, Long::sum);
        if (!before.agent().equals(after.agent())) {
          changed++;
          tenantChanges.merge(tenant, 1L, Long::sum);
          String transition = before.agent() + " -> " + after.agent();
          transitions.merge(transition, 1L, Long::sum);
          List<ShadowReport.Example> shown = examples.computeIfAbsent(transition, t -> new ArrayList<>());
          if (shown.size() < examplesPerChange) {
            shown.add(new ShadowReport.Example(tenant, after.preview()));
          }
        }
      }
    }
    Map<String, Long> sorted = new LinkedHashMap<>();
    transitions.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
        .forEach(e -> sorted.put(e.getKey(), e.getValue()));
    return new ShadowReport(new ShadowReport.Side(active), new ShadowReport.Side(candidate), ordered.size(), changed,
        sorted, examples, activeCounts, candidateCounts, tenantMessages, tenantChanges);
  }

  private RoutingDecision decide(LoggedMessage logged, float[] vector, AgentCatalogue catalogue,
      Map<String, Conversation> context, LabelSource labels) {
    String key = logged.message().tenant() + "/" + logged.conversationId();
    Conversation conversation = context.get(key);
    Instant at = logged.message().sentAt() != null ? logged.message().sentAt() : logged.at();
    RoutingDecision decision = decider.decide(logged.conversationId(), logged.message(),
        classifier.classify(vector, catalogue, logged.message().tenant(), labels), catalogue, conversation, at, at);
    context.put(key, (conversation == null ? new Conversation(null) : conversation).plus(
        new Conversation.Turn(logged.message().id(), decision.agent(), decision.confidence(), decision.reason(), at),
        decider.followUps().maxTurns()));
    return decision;
  }
}
