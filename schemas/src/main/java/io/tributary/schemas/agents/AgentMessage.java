package io.tributary.schemas.agents;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * A user message for an agent, as written to {@code agents.messages.v1}; the record key is the
 * conversation id.
 *
 * @param id message id, unique per conversation
 * @param user who wrote it; empty when the producer does not say
 * @param sentAt when the user sent it; {@code null} means the record time
 */
public record AgentMessage(String id, String tenant, String user, String text, Instant sentAt) {

  /** Tenant used when a producer does not name one. */
  public static final String DEFAULT_TENANT = "default";

  public AgentMessage {
    requireNonNull(id, "id");
    requireNonNull(text, "text");
    tenant = tenant == null || tenant.isBlank() ? DEFAULT_TENANT : tenant;
    user = user == null ? "" : user;
  }
}
