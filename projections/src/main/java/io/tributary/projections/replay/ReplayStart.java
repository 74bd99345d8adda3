package io.tributary.projections.replay;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/** Where a replay starts reading its topic. */
public sealed interface ReplayStart {

  /** How the start is recorded and printed: {@code beginning} or an ISO-8601 time. */
  String describe();

  /** The start {@link #describe()} printed as {@code recorded}. */
  static ReplayStart parse(String recorded) {
    return recorded == null || recorded.equals("beginning") ? new FromBeginning() : new FromTime(Instant.parse(recorded));
  }

  /** Every record still in the log. */
  record FromBeginning() implements ReplayStart {
    @Override
    public String describe() {
      return "beginning";
    }
  }

  /** Records written at or after {@code time}: per partition, the first offset whose timestamp is not earlier. */
  record FromTime(Instant time) implements ReplayStart {
    public FromTime {
      requireNonNull(time, "time");
    }

    @Override
    public String describe() {
      return time.toString();
    }
  }
}
