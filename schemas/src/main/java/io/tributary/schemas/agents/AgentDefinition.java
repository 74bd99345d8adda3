package io.tributary.schemas.agents;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.regex.Pattern;

/**
 * One agent of the catalogue: what it does, what users say to it, where its messages go.
 *
 * @param topic output topic; {@code agents.<name>.requests.v1} when absent
 * @param minConfidence this agent's threshold; {@code null} means the catalogue's
 */
public record AgentDefinition(
    String name, String description, List<String> examples, String topic, Double minConfidence) {

  /** Agent names end up in topic names: lowercase letters, digits, '-' and '_'. */
  public static final Pattern VALID_NAME = Pattern.compile("^[a-z][a-z0-9_-]{0,63}$");

  public AgentDefinition {
    requireNonNull(name, "name");
    if (!VALID_NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("agent name '" + name + "' must match " + VALID_NAME.pattern());
    }
    if (RoutingDecision.DEFAULT_AGENT.equals(name)) {
      throw new IllegalArgumentException("'default' is reserved for messages no agent is confident about");
    }
    description = description == null ? "" : description;
    examples = examples == null ? List.of() : List.copyOf(examples);
    if (description.isBlank() && examples.isEmpty()) {
      throw new IllegalArgumentException("agent '" + name + "' needs a description or examples to be scored");
    }
    topic = topic == null || topic.isBlank() ? AgentTopics.requestsTopicName(name) : topic;
    if (minConfidence != null && (minConfidence < -1 || minConfidence > 1)) {
      throw new IllegalArgumentException("agent '" + name + "' min_confidence must be in [-1, 1]");
    }
  }
}
