package io.tributary.streams.intents;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * How the router groups messages into one embedding call: messages wait (in a changelogged store,
 * so a crash loses none) until {@code maxMessages} are pending or {@code linger} has passed on the
 * wall clock. Under load a poll fills the batch at once; when the input is quiet a message waits at
 * most about {@code linger}.
 *
 * @param maxMessages most messages embedded in one call
 * @param linger how long a pending message may wait for others before it is routed alone
 */
public record RouterBatching(int maxMessages, Duration linger) {

  /** 64 messages: past that a batch of short texts no longer gets cheaper per text on 2 workers. */
  public static final int DEFAULT_MAX_MESSAGES = 64;
  public static final Duration DEFAULT_LINGER = Duration.ofMillis(5);

  public RouterBatching {
    requireNonNull(linger, "linger");
    if (maxMessages < 1) {
      throw new IllegalArgumentException("maxMessages must be >= 1, was " + maxMessages);
    }
    if (linger.isNegative() || linger.isZero()) {
      throw new IllegalArgumentException("linger must be positive, was " + linger);
    }
  }

  /** 64 messages or 5 ms, whichever comes first. */
  public static RouterBatching defaults() {
    return new RouterBatching(DEFAULT_MAX_MESSAGES, DEFAULT_LINGER);
  }
}
