package io.tributary.streams.intents;

import static java.util.Objects.requireNonNull;

import io.tributary.schemas.agents.AgentMessage;
import java.time.Instant;

/** A message as it was read back from {@code agents.messages.v1}, for replays. */
public record LoggedMessage(String conversationId, AgentMessage message, Instant at) {

  public LoggedMessage {
    requireNonNull(conversationId, "conversationId");
    requireNonNull(message, "message");
    requireNonNull(at, "at");
  }
}
