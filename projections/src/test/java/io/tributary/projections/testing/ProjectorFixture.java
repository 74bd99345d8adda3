package io.tributary.projections.testing;

import io.tributary.embedded.EmbeddedKafka;
import io.tributary.embedded.EmbeddedPostgres;
import io.tributary.projections.db.Database;
import io.tributary.projections.projector.ProjectorConfig;
import io.tributary.schemas.kafka.KafkaClients;
import io.tributary.schemas.topics.Topic;
import java.time.Duration;
import org.jdbi.v3.core.Jdbi;

/**
 * What a test running projectors starts from: the shared broker's topics and a migrated database
 * of its own. Make one per test (an {@code @AutoClose} field of a per-method test class).
 */
public final class ProjectorFixture implements AutoCloseable {

  // Failure tests retry many times; a quick first retry keeps them short.
  private static final Duration FIRST_BACKOFF = Duration.ofMillis(20);

  private final EmbeddedKafka kafka;
  private final TestTopics topics;
  private final Database database;

  /** Connects to {@code kafka} and creates a database named after {@code databasePrefix}. */
  public ProjectorFixture(EmbeddedKafka kafka, EmbeddedPostgres postgres, String databasePrefix) {
    this.kafka = kafka;
    this.topics = new TestTopics(kafka);
    try {
      this.database = MigratedDatabase.create(postgres, databasePrefix);
    } catch (RuntimeException e) {
      topics.close();
      throw e;
    }
  }

  /** Projector settings for {@code broker} that retry after 20 ms, backing off to {@code maxBackoff}. */
  public static ProjectorConfig config(EmbeddedKafka broker, Duration maxBackoff) {
    return ProjectorConfig.of(KafkaClients.plaintext(broker.bootstrapServers())).withBackoff(FIRST_BACKOFF, maxBackoff);
  }

  /** {@link #config(EmbeddedKafka, Duration)} for the shared broker. */
  public ProjectorConfig config(Duration maxBackoff) {
    return config(kafka, maxBackoff);
  }

  /** Clients of the shared broker, for what runs beside the projector. */
  public KafkaClients clients() {
    return KafkaClients.plaintext(kafka.bootstrapServers());
  }

  /** Topic administration, producing and consuming on the shared broker. */
  public TestTopics topics() {
    return topics;
  }

  /** The test's own database. */
  public Jdbi jdbi() {
    return database.jdbi();
  }

  /** The highest offset any projection stored as next to read from {@code topic}; -1 before the first commit. */
  public long storedNextOffset(Topic<?, ?> topic) {
    return jdbi().withHandle(h -> h.createQuery(
            "SELECT coalesce(max(next_offset), -1) FROM ops.projection_offsets WHERE topic = :topic")
        .bind("topic", topic.name()).mapTo(Long.class).one());
  }

  @Override
  public void close() {
    try {
      database.close();
    } finally {
      topics.close();
    }
  }
}
