package io.tributary.streams.intents;

import static java.util.Objects.requireNonNull;

import io.tributary.schemas.agents.LabelSettings;

/**
 * Which example index voted in a classification: it travels with the decision, next to the
 * catalogue version, and its settings carry the thresholds of the combined score.
 *
 * @param examples catalogue examples plus the tenant's labels in the index
 * @param labels how many of those are the tenant's labels
 */
public record LabelUse(LabelSettings settings, int examples, int labels) {

  public LabelUse {
    requireNonNull(settings, "settings");
  }

  /** The snapshot id. */
  public String snapshot() {
    return settings.snapshot();
  }
}
