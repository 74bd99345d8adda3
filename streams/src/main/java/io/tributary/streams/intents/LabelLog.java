package io.tributary.streams.intents;

import static java.util.Objects.requireNonNull;

import io.tributary.schemas.agents.IntentLabel;
import io.tributary.schemas.agents.IntentLabelReader;
import io.tributary.schemas.errors.InvalidRecordException;
import io.tributary.schemas.kafka.KafkaClients;
import io.tributary.schemas.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the labels given so far: the latest value of every key of {@code agents.labels.v1}, read
 * to its end without a consumer group. A tombstone withdraws its key's label; an unreadable record
 * is skipped and counted, and hides the label it replaced, as compaction eventually will.
 */
public final class LabelLog {

  private final KafkaClients kafka;

  public LabelLog(KafkaClients kafka) {
    this.kafka = requireNonNull(kafka, "kafka");
  }

  /** The current labels; throws if the topic cannot be read to its end in {@code timeout}. */
  public Contents read(Duration timeout) {
    IntentLabelReader reader = new IntentLabelReader();
    Map<String, IntentLabel> latest = new HashMap<>();
    int[] unreadable = {0};
    TopicToEnd.read(kafka, "tributary-label-reader", Topics.AGENTS_LABELS.name(), timeout, record -> {
      String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
      try {
        Optional<IntentLabel> label = reader.read(record.key(), record.value());
        label.ifPresentOrElse(l -> latest.put(key, l), () -> latest.remove(key));
      } catch (InvalidRecordException e) {
        unreadable[0]++;
        if (key != null) {
          latest.remove(key);
        }
      }
    });
    return new Contents(List.copyOf(latest.values()), unreadable[0]);
  }

  /**
   * @param labels the latest label of every key, withdrawn ones left out, in no particular order
   * @param unreadable records skipped because they are no label (the labels projection dead-letters them)
   */
  public record Contents(List<IntentLabel> labels, int unreadable) {}
}
