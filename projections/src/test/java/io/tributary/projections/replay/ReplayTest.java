package io.tributary.projections.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.tributary.embedded.EmbeddedKafka;
import io.tributary.embedded.EmbeddedPostgres;
import io.tributary.embedded.testing.EmbeddedKafkaExtension;
import io.tributary.embedded.testing.EmbeddedPostgresExtension;
import io.tributary.projections.projector.OffsetStore;
import io.tributary.projections.projector.ProjectorConfig;
import io.tributary.projections.projector.ProjectorRunner;
import io.tributary.projections.rag.RagGenerations;
import io.tributary.projections.rag.RagProjection;
import io.tributary.projections.testing.Documents;
import io.tributary.projections.testing.ForwardingRebuildable;
import io.tributary.projections.testing.ProjectorFixture;
import io.tributary.schemas.documents.EmbeddedDocument;
import io.tributary.schemas.topics.Topic;
import io.tributary.schemas.topics.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Replays of the rag projection of the catalogue topic docs.embedded.v1, each into a fresh database. */
@Tag("integration")
@ExtendWith({EmbeddedKafkaExtension.class, EmbeddedPostgresExtension.class})
class ReplayTest {

  private static final Duration PATIENCE = Duration.ofSeconds(60);
  private static final Topic<String, EmbeddedDocument> TOPIC = Topics.DOCS_EMBEDDED;

  @AutoClose
  private final ProjectorFixture fixture;

  ReplayTest(EmbeddedKafka kafka, EmbeddedPostgres postgres) {
    fixture = new ProjectorFixture(kafka, postgres, "replay");
  }

  @BeforeEach
  void produceHistory() {
    createIfMissing(TOPIC);
    createIfMissing(TOPIC.deadLetters());
    // Every test reads the whole topic into a fresh database; repeated versions change nothing.
    fixture.topics().produce(TOPIC, history());
  }

  @Test
  void shouldRebuildAGenerationEqualToTheLiveOneRowForRowAndSwitchToIt() {
    // given the live projector caught up with a history of versions and tombstones
    try (ProjectorRunner<String, EmbeddedDocument> live =
        new ProjectorRunner<>(new RagProjection(), fixture.jdbi(), ProjectorConfig.of(fixture.clients())).start()) {
      Map<TopicPartition, Long> ends = fixture.topics().endOffsets(TOPIC);
      await().atMost(PATIENCE).until(() -> liveOffsets().equals(fixture.topics().writtenEndOffsets(TOPIC)));
      // (batches of three records: the next batch is decoded while the previous one commits)
      ReplaySettings smallBatches =
          new ReplaySettings(fixture.clients(), 3, Duration.ofMillis(500), Duration.ofMinutes(10));
      Replay<String, EmbeddedDocument> replay = new Replay<>(new RagGenerations(), fixture.jdbi(), smallBatches);

      // when a replay from the beginning is planned and run while the live projector keeps running
      ReplayPlan plan = replay.plan(new ReplayStart.FromBeginning());
      assertThat(plan.liveGeneration()).isEqualTo(1);
      assertThat(plan.endOffsets()).isEqualTo(ends);
      assertThat(plan.recordsExpected()).isEqualTo(ends.values().stream().mapToLong(Long::longValue).sum());
      assertThat(plan.describe()).contains("docs.embedded.v1").contains("records expected: at most");
      List<ReplayProgress> reports = new ArrayList<>();
      ReplayResult result = replay.run(plan, reports::add);

      // then generation 2 equals generation 1 row for row, and readers now see generation 2
      assertThat(result.generation()).isEqualTo(2);
      assertThat(result.records()).isEqualTo(plan.recordsExpected());
      assertThat(reports).extracting(ReplayProgress::phase).contains("indexing", "switched");
      assertThat(differences("rag_g1", "rag_g2")).isZero();
      assertThat(count("rag_g2.documents")).isEqualTo(count("rag_g1.documents")).isPositive();
      assertThat(viewTarget()).contains("rag_g2.documents");
      assertThat(indexes("rag_g2")).contains("chunks_embedding_hnsw_idx", "chunks_tsv_gin_idx", "documents_tenant_idx");
      // the chunks' foreign key, added and validated after the load
      assertThat(count("pg_constraint WHERE conrelid = 'rag_g2.chunks'::regclass AND contype = 'f'")).isEqualTo(1);
      assertThat(state(1)).isEqualTo("retired");
      assertThat(state(2)).isEqualTo("live");

      // and the live projector goes on writing into the new generation
      fixture.topics().produce(TOPIC, List.of(new ProducerRecord<>(TOPIC.name(), "after-switch",
          Documents.document("after-switch", "acme", 1, 2))));
      await().atMost(PATIENCE).until(() -> count("rag_g2.documents WHERE document_id = 'after-switch'") == 1);
      assertThat(count("rag.chunks WHERE document_id = 'after-switch'")).isEqualTo(2);
      assertThat(count("rag_g1.documents WHERE document_id = 'after-switch'")).isZero();
    }
  }

  @Test
  void shouldLeaveTheLiveGenerationUntouchedWhenABuildFails() {
    // given a live generation
    Map<TopicPartition, Long> ends = fixture.topics().endOffsets(TOPIC);
    try (ProjectorRunner<String, EmbeddedDocument> live =
        new ProjectorRunner<>(new RagProjection(), fixture.jdbi(), ProjectorConfig.of(fixture.clients())).start()) {
      await().atMost(PATIENCE).until(() -> liveOffsets().equals(fixture.topics().writtenEndOffsets(TOPIC)));
    }
    long documents = count("rag.documents");
    Replay<String, EmbeddedDocument> replay =
        new Replay<>(new FailingIndexes(new RagGenerations()), fixture.jdbi(), settings());

    // when its rebuild fails at the index build
    ReplayPlan plan = replay.plan(new ReplayStart.FromBeginning());
    assertThatThrownBy(() -> replay.run(plan, progress -> {})).hasMessageContaining("index build failed");

    // then the new generation is gone and readers still see the complete live one
    assertThat(state(2)).isEqualTo("aborted");
    assertThat(count("pg_namespace WHERE nspname = 'rag_g2'")).isZero();
    assertThat(viewTarget()).contains("rag_g1.documents");
    assertThat(count("rag.documents")).isEqualTo(documents);
    assertThat(count("ops.projection_offsets WHERE projection LIKE 'rag@%'")).isZero();
    assertThat(replay.abort()).isEmpty();
  }

  @Test
  void shouldPlanAReplayFromATimeWithoutWritingAnything() {
    Replay<String, EmbeddedDocument> replay = new Replay<>(new RagGenerations(), fixture.jdbi(), settings());

    ReplayPlan plan = replay.plan(new ReplayStart.FromTime(Instant.now().plusSeconds(3600)));

    assertThat(plan.startOffsets()).isEqualTo(plan.endOffsets());
    assertThat(plan.recordsExpected()).isZero();
    assertThat(count("ops.projection_generations")).isEqualTo(1);
  }

  private ReplaySettings settings() {
    return ReplaySettings.of(fixture.clients());
  }

  private static List<ProducerRecord<String, EmbeddedDocument>> history() {
    return Documents.history(TOPIC.name(), 40);
  }

  private void createIfMissing(Topic<?, ?> topic) {
    try {
      fixture.topics().create(topic);
    } catch (IllegalStateException e) {
      // created by an earlier test on the same broker
      assertThat(e).hasRootCauseInstanceOf(org.apache.kafka.common.errors.TopicExistsException.class);
    }
  }

  /** Rows in one generation and not the other, both ways, on every column but projected_at. */
  private long differences(String a, String b) {
    return differences(fixture.jdbi(), a, b);
  }

  /** Rows in one generation and not the other, both ways, on every column but projected_at. */
  static long differences(Jdbi jdbi, String a, String b) {
    String documents = "document_id, tenant, version, content_hash, title, source, content_type, metadata, model,"
        + " dimensions, chunk_count, submitted_at, embedded_at";
    String chunks = "document_id, chunk_index, tenant, text, heading_path, char_start, char_end, embedding::text, tsv";
    return jdbi.withHandle(h -> {
      long total = 0;
      for (String[] pair : new String[][] {{a, b}, {b, a}}) {
        total += h.createQuery("SELECT count(*) FROM (SELECT " + documents + " FROM " + pair[0] + ".documents EXCEPT"
            + " SELECT " + documents + " FROM " + pair[1] + ".documents) x").mapTo(Long.class).one();
        total += h.createQuery("SELECT count(*) FROM (SELECT " + chunks + " FROM " + pair[0] + ".chunks EXCEPT"
            + " SELECT " + chunks + " FROM " + pair[1] + ".chunks) x").mapTo(Long.class).one();
      }
      return total;
    });
  }

  private Map<TopicPartition, Long> liveOffsets() {
    return fixture.jdbi().withHandle(h -> new OffsetStore().load(h, RagProjection.NAME, TOPIC.name()));
  }

  private long count(String from) {
    return fixture.jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM " + from).mapTo(Long.class).one());
  }

  private String viewTarget() {
    return fixture.jdbi().withHandle(h -> h.createQuery("SELECT pg_get_viewdef('rag.documents'::regclass)")
        .mapTo(String.class).one());
  }

  private List<String> indexes(String schema) {
    return fixture.jdbi().withHandle(h -> h.createQuery("SELECT indexname FROM pg_indexes WHERE schemaname = :schema")
        .bind("schema", schema).mapTo(String.class).list());
  }

  private String state(int generation) {
    return fixture.jdbi().withHandle(h -> h.createQuery("SELECT state FROM ops.projection_generations"
            + " WHERE projection = 'rag' AND generation = :generation")
        .bind("generation", generation).mapTo(String.class).one());
  }

  /** The rag generations, except that building indexes fails. */
  private static final class FailingIndexes extends ForwardingRebuildable {
    FailingIndexes(RagGenerations rag) {
      super(rag);
    }

    @Override
    public List<String> indexStatements(Handle handle, int generation, int liveGeneration) {
      throw new IllegalStateException("index build failed");
    }
  }
}
