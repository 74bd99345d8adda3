package io.tributary.projections.agents;

import java.time.Instant;
import java.util.List;

/**
 * A conversation with its routed messages, oldest first; each turn is a {@link RouteRow}, with the
 * label snapshot and example count of its decision.
 */
public record ConversationView(
    String conversationId, String user, String lastAgent, String lastMessageId, int messageCount,
    Instant startedAt, Instant updatedAt, List<RouteRow> turns) {}
