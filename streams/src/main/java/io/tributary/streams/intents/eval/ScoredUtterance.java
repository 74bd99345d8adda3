package io.tributary.streams.intents.eval;

/**
 * A labelled utterance after scoring and deciding.
 *
 * @param best the best-scoring catalogue agent, before any threshold
 * @param bestScore its score
 * @param predicted the agent the router decided on ({@code default} below threshold)
 */
public record ScoredUtterance(String text, String expected, String best, double bestScore, String predicted) {}
