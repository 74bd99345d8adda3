package io.tributary.projections.projector;

import static io.tributary.projections.testing.TestTopics.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tributary.embedded.EmbeddedKafka;
import io.tributary.embedded.EmbeddedPostgres;
import io.tributary.embedded.testing.EmbeddedKafkaExtension;
import io.tributary.embedded.testing.EmbeddedPostgresExtension;
import io.tributary.projections.rag.RagProjection;
import io.tributary.projections.testing.Documents;
import io.tributary.projections.testing.ProjectorFixture;
import io.tributary.schemas.documents.EmbeddedDocument;
import io.tributary.schemas.errors.DeadLetterHeaders;
import io.tributary.schemas.topics.Topic;
import io.tributary.schemas.topics.Topics;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A record whose projection fails with an exception nobody classified is retried, then dead-lettered. */
@Tag("integration")
@ExtendWith({EmbeddedKafkaExtension.class, EmbeddedPostgresExtension.class})
class UnexpectedErrorTest {

  private static final Duration PATIENCE = Duration.ofSeconds(60);

  @AutoClose
  private final ProjectorFixture fixture;

  UnexpectedErrorTest(EmbeddedKafka kafka, EmbeddedPostgres postgres) {
    fixture = new ProjectorFixture(kafka, postgres, "unexpected_errors");
  }

  @Test
  void shouldDeadLetterARecordThatAlwaysFailsUnexpectedlyAfterBoundedAttemptsAndMoveOn() {
    // given a partition whose middle record trips a bug in the projection on every attempt
    Topic<String, EmbeddedDocument> topic = new Topic<>("projector.unexpected.v1", 1, true,
        Topics.DOCS_EMBEDDED.maxMessageBytes(), Topics.DOCS_EMBEDDED.keySerde(), Topics.DOCS_EMBEDDED.valueSerde());
    fixture.topics().create(topic);
    fixture.topics().create(topic.deadLetters());
    fixture.topics().produce(topic, List.of(
        new ProducerRecord<>(topic.name(), "acme/a", Documents.document("a", "acme", 1, 1)),
        new ProducerRecord<>(topic.name(), "acme/poison", Documents.document("poison", "acme", 1, 1)),
        new ProducerRecord<>(topic.name(), "acme/c", Documents.document("c", "acme", 1, 1))));
    AtomicInteger poisonAttempts = new AtomicInteger();
    Projection<String, EmbeddedDocument> buggy = new Buggy(new RagProjection(), topic, poisonAttempts);
    ProjectorConfig config = fixture.config(Duration.ofMillis(100)).withUnexpectedAttempts(3);

    // when the projector runs
    try (ProjectorRunner<String, EmbeddedDocument> runner =
        new ProjectorRunner<>(buggy, fixture.jdbi(), config).start()) {
      // The runner counts a batch only after committing its offsets.
      await().atMost(PATIENCE)
          .until(() -> fixture.storedNextOffset(topic) == 3L && runner.status().recordsApplied() == 3);

      // then the other records are projected and the poison pill is an UNEXPECTED_ERROR dead letter
      assertThat(runner.status().deadLettered()).isEqualTo(1);
    }
    List<String> projected = fixture.jdbi().withHandle(h -> h.createQuery(
        "SELECT document_id FROM rag.documents ORDER BY document_id").mapTo(String.class).list());
    assertThat(projected).containsExactly("a", "c");
    assertThat(poisonAttempts.get()).isGreaterThanOrEqualTo(3);
    ConsumerRecord<byte[], byte[]> letter = fixture.topics().consume(topic.deadLetters().name(), 1).getFirst();
    assertThat(header(letter, DeadLetterHeaders.ERROR_CODE)).isEqualTo("UNEXPECTED_ERROR");
    assertThat(header(letter, DeadLetterHeaders.EXCEPTION_CLASS)).isEqualTo(NullPointerException.class.getName());
  }

  /** The rag projection with a bug that only the document "poison" meets. */
  private record Buggy(RagProjection rag, Topic<String, EmbeddedDocument> topic, AtomicInteger poisonAttempts)
      implements Projection<String, EmbeddedDocument> {

    @Override
    public String name() {
      return "rag-unexpected";
    }

    @Override
    public void apply(Handle handle, List<ConsumerRecord<String, EmbeddedDocument>> batch) {
      if (batch.stream().anyMatch(r -> r.value() != null && r.value().id().equals("poison"))) {
        poisonAttempts.incrementAndGet();
        throw new NullPointerException("a bug met this record");
      }
      rag.apply(handle, batch);
    }
  }
}
