package io.tributary.schemas.agents;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * The right agent for one message, as written to the compacted {@code agents.labels.v1}; key =
 * {@link #key(String, String) tenant/message id}, a tombstone withdraws the label (ADR 0029).
 *
 * @param agent the agent that should have taken the message, or {@code default} for a message no
 *     agent should take
 * @param source who labelled it: {@code operator} (a correction through the API) or {@code import}
 * @param labelledAt when the label was given; labels age out by it (see {@link LabelSnapshot})
 */
public record IntentLabel(
    String tenant, String messageId, String text, String agent, String source, Instant labelledAt) {

  /** A correction of a routed message through the API. */
  public static final String OPERATOR = "operator";

  /** A line of a labelled file loaded by {@code route-label import}. */
  public static final String IMPORT = "import";

  public IntentLabel {
    requireNonNull(tenant, "tenant");
    requireNonNull(messageId, "messageId");
    requireNonNull(text, "text");
    requireNonNull(agent, "agent");
    requireNonNull(source, "source");
    requireNonNull(labelledAt, "labelledAt");
  }

  /** The record key of a label: tenant and message id, so one message has one label per tenant. */
  public static String key(String tenant, String messageId) {
    return tenant + "/" + messageId;
  }

  /** This label's record key. */
  public String key() {
    return key(tenant, messageId);
  }
}
