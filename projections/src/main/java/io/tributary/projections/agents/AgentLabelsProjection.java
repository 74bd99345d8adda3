package io.tributary.projections.agents;

import io.tributary.projections.projector.Projection;
import io.tributary.schemas.agents.IntentLabel;
import io.tributary.schemas.agents.IntentLabelReader;
import io.tributary.schemas.topics.Topic;
import io.tributary.schemas.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.jdbi.v3.core.Handle;

/**
 * Projects {@code agents.labels.v1} into {@code agents.labels}: one row per labelled message of a
 * tenant, the latest record of its key in log order (the topic is compacted, so the log's last
 * word is the label); a tombstone withdraws it. The message text stays on the log.
 *
 * <p>Records are read as bytes by {@link IntentLabelReader}, so a record that is not a label (bad
 * JSON, a schema rule broken, a key that is not its value's {@code <tenant>/<message_id>}) is
 * dead-lettered with the reader's precise code.
 */
public final class AgentLabelsProjection implements Projection<byte[], byte[]> {

  /** The projection's name: keys its stored offsets and its consumer group. */
  public static final String NAME = "agent-labels";

  // The catalogue's topic, read as bytes; its dead-letter topic is the catalogue's AGENTS_LABELS_DLQ.
  private static final Topic<byte[], byte[]> TOPIC = new Topic<>(Topics.AGENTS_LABELS.name(),
      Topics.AGENTS_LABELS.partitions(), Topics.AGENTS_LABELS.compacted(), Topics.AGENTS_LABELS.maxMessageBytes(),
      Serdes.ByteArray(), Serdes.ByteArray());

  private static final String UPSERT = """
      INSERT INTO agents.labels (tenant, message_id, agent, source, labelled_at)
      VALUES (:tenant, :messageId, :agent, :source, :labelledAt)
      ON CONFLICT (tenant, message_id) DO UPDATE SET
          agent = excluded.agent, source = excluded.source, labelled_at = excluded.labelled_at
      """;

  private static final String DELETE = "DELETE FROM agents.labels WHERE tenant = :tenant AND message_id = :messageId";

  private final IntentLabelReader reader = new IntentLabelReader();

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Topic<byte[], byte[]> topic() {
    return TOPIC;
  }

  @Override
  public void apply(Handle handle, List<ConsumerRecord<byte[], byte[]>> batch) {
    for (ConsumerRecord<byte[], byte[]> record : batch) {
      Optional<IntentLabel> label = reader.read(record.key(), record.value());
      if (label.isPresent()) {
        IntentLabel given = label.get();
        handle.createUpdate(UPSERT)
            .bind("tenant", given.tenant())
            .bind("messageId", given.messageId())
            .bind("agent", given.agent())
            .bind("source", given.source())
            .bind("labelledAt", Timestamp.from(given.labelledAt()))
            .execute();
      } else {
        // The reader checked that the key names a tenant: the tombstone reaches that tenant's row only.
        String key = new String(record.key(), StandardCharsets.UTF_8);
        String tenant = IntentLabelReader.tenantOf(key);
        handle.createUpdate(DELETE)
            .bind("tenant", tenant)
            .bind("messageId", key.substring(tenant.length() + 1))
            .execute();
      }
    }
  }
}
