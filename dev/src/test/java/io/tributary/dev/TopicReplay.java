package io.tributary.dev;

import static java.util.Objects.requireNonNull;

import io.tributary.platform.cli.sources.AgentLog;
import io.tributary.platform.config.Settings;
import io.tributary.schemas.agents.AgentCatalogue;
import io.tributary.schemas.agents.RoutingDecision;
import io.tributary.streams.embedding.OnnxEmbedder;
import io.tributary.streams.intents.ActiveCatalogue;
import io.tributary.streams.intents.EmbeddingClassifier;
import io.tributary.streams.intents.FollowUpRule;
import io.tributary.streams.intents.IntentDecider;
import io.tributary.streams.intents.LabelSnapshotLog;
import io.tributary.streams.intents.LabelSource;
import io.tributary.streams.intents.LoggedMessage;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Routes logged messages again from nothing but the topics: the message on agents.messages.v1, the
 * catalogue active on agents.catalogue.v1 and a snapshot's parts on agents.label-snapshots.v1, through
 * the classifier and decider the router uses. For first turns of a conversation (no follow-up context).
 */
final class TopicReplay implements AutoCloseable {

  private static final Duration READ = Duration.ofSeconds(30);

  private final AgentCatalogue active;
  private final LabelSource snapshot;
  private final Map<String, LoggedMessage> messages;
  private final OnnxEmbedder embedder;
  private final EmbeddingClassifier classifier;
  private final IntentDecider decider = new IntentDecider(FollowUpRule.defaults());

  private TopicReplay(AgentCatalogue active, LabelSource snapshot, Map<String, LoggedMessage> messages,
      OnnxEmbedder embedder) {
    this.active = active;
    this.snapshot = snapshot;
    this.messages = messages;
    this.embedder = embedder;
    this.classifier = new EmbeddingClassifier(embedder);
  }

  /** Reads the topics now; the catalogue is the active one, the labels those of {@code snapshotId}. */
  static TopicReplay read(Settings settings, String snapshotId) {
    requireNonNull(snapshotId, "snapshotId");
    AgentCatalogue active = new ActiveCatalogue(settings.kafkaClients()).read(READ).orElseThrow();
    LabelSource snapshot = LabelSource.of(new LabelSnapshotLog(settings.kafkaClients())
        .parts(List.of(snapshotId), READ));
    Map<String, LoggedMessage> messages = new AgentLog(settings.kafkaClients()).messages(Integer.MAX_VALUE).stream()
        .collect(Collectors.toMap(m -> key(m.message().tenant(), m.message().id()), Function.identity(),
            (first, later) -> later));
    return new TopicReplay(active, snapshot, messages,
        new OnnxEmbedder(settings.embedWorkers(), settings.embedWindowTokens()));
  }

  /** The decision the logged message of {@code live} gets again, with the snapshot's labels. */
  RoutingDecision withSnapshot(RoutingDecision live) {
    return replay(live, snapshot);
  }

  /** The decision the logged message of {@code live} gets with the active catalogue and no tenant's labels. */
  RoutingDecision withoutAnyLabels(RoutingDecision live) {
    return replay(live, LabelSource.NONE);
  }

  private RoutingDecision replay(RoutingDecision live, LabelSource labels) {
    LoggedMessage logged = messages.get(key(live.tenant(), live.messageId()));
    if (logged == null) {
      throw new AssertionError("no message " + live.messageId() + " of " + live.tenant() + " on agents.messages.v1");
    }
    return decider.decide(logged.conversationId(), logged.message(),
        classifier.classifyAll(List.of(logged.message().text()), active, logged.message().tenant(), labels)
            .getFirst(), active, null, logged.message().sentAt(), live.routedAt());
  }

  private static String key(String tenant, String messageId) {
    return tenant + "/" + messageId;
  }

  @Override
  public void close() {
    embedder.close();
  }
}
