package io.tributary.streams.intents;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * How the router groups messages into one embedding call: messages wait (in a changelogged store,
 * so a crash loses none) until {@code maxMessages} are pending, or the thread's input has been
 * quiet for a {@code linger} tick, or the oldest has waited {@code maxWait}. Under load the batch
 * fills from the polls; when the input is quiet a message waits one or two ticks.
 *
 * @param maxMessages most messages embedded in one call
 * @param linger the tick at which a quiet input is noticed
 * @param maxWait the longest a message waits while other messages keep arriving
 */
public record RouterBatching(int maxMessages, Duration linger, Duration maxWait) {

  /** 64 messages: past that a batch of short texts no longer gets cheaper per text on 2 workers. */
  public static final int DEFAULT_MAX_MESSAGES = 64;
  public static final Duration DEFAULT_LINGER = Duration.ofMillis(5);
  public static final Duration DEFAULT_MAX_WAIT = Duration.ofSeconds(1);

  public RouterBatching {
    requireNonNull(linger, "linger");
    requireNonNull(maxWait, "maxWait");
    if (maxWait.compareTo(linger) < 0) {
      throw new IllegalArgumentException("maxWait must be at least the linger, was " + maxWait);
    }
    if (maxMessages < 1) {
      throw new IllegalArgumentException("maxMessages must be >= 1, was " + maxMessages);
    }
    if (linger.isNegative() || linger.isZero()) {
      throw new IllegalArgumentException("linger must be positive, was " + linger);
    }
  }

  /** Batching with the default longest wait. */
  public RouterBatching(int maxMessages, Duration linger) {
    this(maxMessages, linger, linger.compareTo(DEFAULT_MAX_WAIT) > 0 ? linger : DEFAULT_MAX_WAIT);
  }

  /** 64 messages, a 5 ms tick, at most 1 s of waiting. */
  public static RouterBatching defaults() {
    return new RouterBatching(DEFAULT_MAX_MESSAGES, DEFAULT_LINGER, DEFAULT_MAX_WAIT);
  }
}
