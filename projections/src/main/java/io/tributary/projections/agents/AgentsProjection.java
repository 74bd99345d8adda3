package io.tributary.projections.agents;

import io.tributary.projections.projector.Projection;
import io.tributary.schemas.agents.RoutingDecision;
import io.tributary.schemas.topics.Topic;
import io.tributary.schemas.topics.Topics;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jdbi.v3.core.Handle;

/**
 * Projects {@code agents.routed.v1} into {@code agents.routes} (one row per message) and
 * {@code agents.conversations} (one row per conversation). A decision seen before changes
 * nothing; only the 100-character preview of a message is stored. Each route keeps the label
 * snapshot that voted in its decision and the size of its example index ({@code ""} and 0 without labels).
 */
public final class AgentsProjection implements Projection<String, RoutingDecision> {

  /** The projection's name: keys its stored offsets and its consumer group. */
  public static final String NAME = "agents";

  private static final String INSERT_ROUTE = """
      INSERT INTO agents.routes (tenant, conversation_id, message_id, user_id, agent, confidence, runner_up,
          runner_up_confidence, margin, reason, topic, catalogue_version, model, preview, sent_at, routed_at,
          label_snapshot, label_examples)
      VALUES (:tenant, :conversationId, :messageId, :user, :agent, :confidence, :runnerUp,
          :runnerUpConfidence, :margin, :reason, :topic, :catalogueVersion, :model, :preview, :sentAt, :routedAt,
          :labelSnapshot, :labelExamples)
      ON CONFLICT (tenant, conversation_id, message_id) DO NOTHING
      """;

  // The latest message (by time) names the conversation's agent; counts grow with each new message.
  private static final String UPSERT_CONVERSATION = """
      INSERT INTO agents.conversations (tenant, conversation_id, user_id, last_agent, last_message_id,
          message_count, started_at, updated_at)
      VALUES (:tenant, :conversationId, :user, :agent, :messageId, 1, :at, :at)
      ON CONFLICT (tenant, conversation_id) DO UPDATE SET
          message_count = agents.conversations.message_count + 1,
          started_at = least(agents.conversations.started_at, excluded.started_at),
          last_agent = CASE WHEN excluded.updated_at >= agents.conversations.updated_at
              THEN excluded.last_agent ELSE agents.conversations.last_agent END,
          last_message_id = CASE WHEN excluded.updated_at >= agents.conversations.updated_at
              THEN excluded.last_message_id ELSE agents.conversations.last_message_id END,
          updated_at = greatest(agents.conversations.updated_at, excluded.updated_at)
      """;

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Topic<String, RoutingDecision> topic() {
    return Topics.AGENTS_ROUTED;
  }

  @Override
  public void apply(Handle handle, List<ConsumerRecord<String, RoutingDecision>> batch) {
    for (ConsumerRecord<String, RoutingDecision> record : batch) {
      RoutingDecision decision = record.value();
      if (decision == null) {
        // Decisions are never deleted; a tombstone here is someone else's mistake, not ours to apply.
        continue;
      }
      Instant routedAt = decision.routedAt() != null ? decision.routedAt() : Instant.ofEpochMilli(record.timestamp());
      Instant at = decision.sentAt() != null ? decision.sentAt() : routedAt;
      int inserted = handle.createUpdate(INSERT_ROUTE)
          .bind("tenant", decision.tenant())
          .bind("conversationId", decision.conversationId())
          .bind("messageId", decision.messageId())
          .bind("user", decision.user())
          .bind("agent", decision.agent())
          .bind("confidence", decision.confidence())
          .bind("runnerUp", decision.runnerUp())
          .bind("runnerUpConfidence", decision.runnerUpConfidence())
          .bind("margin", decision.margin())
          .bind("reason", decision.reason().name())
          .bind("topic", decision.topic())
          .bind("catalogueVersion", decision.catalogueVersion())
          .bind("model", decision.model())
          .bind("preview", RoutingDecision.preview(decision.preview()))
          .bind("sentAt", timestamp(decision.sentAt()))
          .bind("routedAt", timestamp(routedAt))
          .bind("labelSnapshot", decision.labelSnapshot())
          .bind("labelExamples", decision.labelExamples())
          .execute();
      if (inserted == 1) {
        handle.createUpdate(UPSERT_CONVERSATION)
            .bind("tenant", decision.tenant())
            .bind("conversationId", decision.conversationId())
            .bind("user", decision.user())
            .bind("agent", decision.agent())
            .bind("messageId", decision.messageId())
            .bind("at", timestamp(at))
            .execute();
      }
    }
  }

  private static Timestamp timestamp(Instant instant) {
    return instant == null ? null : Timestamp.from(instant);
  }
}
