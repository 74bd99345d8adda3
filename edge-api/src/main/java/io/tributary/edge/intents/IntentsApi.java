package io.tributary.edge.intents;

import static java.util.Objects.requireNonNull;

/** The services of intent routing: ingest and routes under {@code /api/v1/intents}, conversations under theirs. */
public record IntentsApi(IntentsService intents, ConversationsService conversations) {

  public IntentsApi {
    requireNonNull(intents, "intents");
    requireNonNull(conversations, "conversations");
  }
}
