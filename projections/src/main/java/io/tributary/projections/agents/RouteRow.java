package io.tributary.projections.agents;

import java.time.Instant;

/** One routed message as the read model holds it (a 100-character preview, never the text). */
public record RouteRow(
    long seq, String conversationId, String messageId, String user, String agent, double confidence,
    String runnerUp, double runnerUpConfidence, double margin, String reason, String topic,
    String catalogueVersion, String model, String preview, Instant sentAt, Instant routedAt) {}
