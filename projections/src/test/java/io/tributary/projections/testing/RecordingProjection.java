package io.tributary.projections.testing;

import io.tributary.projections.projector.Projection;
import io.tributary.schemas.topics.Topic;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Writes one row per record it applies into {@code applied} (partition, offset, instance), with no
 * unique key: a record applied twice shows as two rows, a lost one as none.
 */
public record RecordingProjection(String name, Topic<String, String> topic, String instance)
    implements Projection<String, String> {

  /** Creates the {@code applied} table in the test database. */
  public static void createTable(Jdbi jdbi) {
    jdbi.useHandle(h -> h.execute("CREATE TABLE applied (partition int NOT NULL, record_offset bigint NOT NULL,"
        + " instance text NOT NULL)"));
  }

  /** Rows written by {@code instance}. */
  public static long appliedBy(Jdbi jdbi, String instance) {
    return jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM applied WHERE instance = :i")
        .bind("i", instance).mapTo(Long.class).one());
  }

  /** Rows in total, and distinct (partition, offset) pairs among them. */
  public static long[] totalAndDistinct(Jdbi jdbi) {
    return jdbi.withHandle(h -> h.createQuery(
            "SELECT count(*), count(DISTINCT (partition, record_offset)) FROM applied")
        .map((rs, ctx) -> new long[] {rs.getLong(1), rs.getLong(2)}).one());
  }

  @Override
  public void apply(Handle handle, List<ConsumerRecord<String, String>> batch) {
    var insert = handle.prepareBatch("INSERT INTO applied (partition, record_offset, instance) VALUES (?, ?, ?)");
    for (ConsumerRecord<String, String> record : batch) {
      insert.add(record.partition(), record.offset(), instance);
    }
    insert.execute();
  }
}
