package io.tributary.streams.intents;

import io.tributary.schemas.agents.RouteReason;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What the router remembers of one conversation (state store {@code intent-conversations}): the
 * last turns, newest last. No message text: the decisions are enough for the follow-up rule.
 */
public record Conversation(List<Turn> turns) {

  /** One routed message of the conversation. */
  public record Turn(String messageId, String agent, double confidence, RouteReason reason, Instant at) {}

  public Conversation {
    turns = turns == null ? List.of() : List.copyOf(turns);
  }

  /** The latest turn, if any. */
  public java.util.Optional<Turn> last() {
    return turns.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(turns.getLast());
  }

  /** This conversation with {@code turn} appended, keeping at most {@code maxTurns}. */
  public Conversation plus(Turn turn, int maxTurns) {
    List<Turn> next = new ArrayList<>(turns);
    next.add(turn);
    while (next.size() > maxTurns) {
      next.removeFirst();
    }
    return new Conversation(next);
  }
}
