package io.tributary.streams.intents;

import java.time.Duration;

/**
 * What a label snapshot keeps (ADR 0029): per tenant and agent ({@code default} included) the
 * {@code maxPerAgent} newest labels, none older than {@code maxAge} ({@link Duration#ZERO}: no age
 * limit), and no more than fits one snapshot record.
 */
public record LabelPolicy(int maxPerAgent, Duration maxAge) {

  /** Labels per agent kept by default: enough for a nearest-neighbour vote to beat examples alone. */
  public static final int DEFAULT_MAX_PER_AGENT = 300;

  /** Labels older than this age out by default: traffic and agents drift. */
  public static final Duration DEFAULT_MAX_AGE = Duration.ofDays(180);

  /** The default policy. */
  public static final LabelPolicy DEFAULTS = new LabelPolicy(DEFAULT_MAX_PER_AGENT, DEFAULT_MAX_AGE);

  public LabelPolicy {
    if (maxPerAgent < 1 || maxPerAgent > 10_000) {
      throw new IllegalArgumentException("labels per agent must be in [1, 10000], was " + maxPerAgent);
    }
    if (maxAge == null || maxAge.isNegative()) {
      throw new IllegalArgumentException("the label age limit must be zero (none) or positive");
    }
  }
}
