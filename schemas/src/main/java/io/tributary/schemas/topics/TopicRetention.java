package io.tributary.schemas.topics;

import java.time.Duration;

/**
 * How long the catalogue's topics keep records (ADR 0014). The tombstone window is the longest a
 * consumer (a projector, a replay, an outside reader) may be stopped and still see every deletion.
 */
public final class TopicRetention {

  /** A tombstone on a compacted topic stays readable at least this long after compaction reaches it. */
  public static final Duration TOMBSTONE_WINDOW = Duration.ofDays(7);

  /** A record on a compacted topic is never compacted away sooner than this after it was written. */
  public static final Duration MIN_COMPACTION_LAG = Duration.ofDays(1);

  /** How long delete-policy topics (agent messages, decisions, requests) keep records. */
  public static final Duration EVENTS = Duration.ofDays(7);

  /** How long dead-letter topics keep records: time to look at a failure and replay it. */
  public static final Duration DEAD_LETTERS = Duration.ofDays(30);

  private TopicRetention() {}
}
