package io.tributary.projections.agents;

import java.time.Instant;

/**
 * One routed message as the read model holds it (a 100-character preview, never the text).
 *
 * @param labelSnapshot the label snapshot whose examples voted in the decision (ADR 0029); empty when none did
 * @param labelExamples size of the example index that voted; 0 when no labels took part
 */
public record RouteRow(
    long seq, String conversationId, String messageId, String user, String agent, double confidence,
    String runnerUp, double runnerUpConfidence, double margin, String reason, String topic,
    String catalogueVersion, String model, String preview, Instant sentAt, Instant routedAt,
    String labelSnapshot, int labelExamples) {}
