package io.tributary.platform.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.embedded.testing.EmbeddedPostgresExtension;
import io.tributary.embedded.testing.TestDatabase;
import io.tributary.projections.db.Database;
import io.tributary.projections.db.Migrations;
import io.tributary.projections.rag.RagProjection;
import io.tributary.schemas.documents.EmbeddedChunk;
import io.tributary.schemas.documents.EmbeddedDocument;
import io.tributary.schemas.documents.VectorCodec;
import io.tributary.schemas.topics.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** --wait polls the read model the projector writes, through the real projection. */
@Tag("integration")
@ExtendWith(EmbeddedPostgresExtension.class)
class SearchableWaitTest {

  private static EmbeddedDocument document(String id, String hash) {
    float[] vector = new float[384];
    vector[0] = 1f;
    return new EmbeddedDocument(id, "acme", 1, hash, "T", "s", "text/plain", Map.of(), "m", 384,
        List.of(new EmbeddedChunk(0, "text", List.of(), 0, 4, VectorCodec.encode(vector))), Instant.now(), Instant.now());
  }

  @Test
  void shouldReturnOnlyOnceEveryDocumentIsProjectedWithTheSubmittedContent(TestDatabase db) throws Exception {
    String hashA = "a".repeat(64);
    String hashB = "b".repeat(64);
    try (Database database = new Database(db.jdbcUrl(), 2)) {
      Migrations.apply(database.dataSource());
      SearchableWait wait = new SearchableWait(database.jdbi(), Duration.ofMillis(20));
      database.jdbi().useTransaction(handle -> new RagProjection().apply(handle, List.of(
          new ConsumerRecord<>(Topics.DOCS_EMBEDDED.name(), 0, 0, "doc-a", document("doc-a", hashA)),
          new ConsumerRecord<>(Topics.DOCS_EMBEDDED.name(), 0, 1, "doc-b", document("doc-b", "c".repeat(64))))));

      // doc-b is searchable, but with older content than the one just submitted.
      assertThat(wait.await(Map.of("doc-a", hashA, "doc-b", hashB), Duration.ofMillis(200))).containsExactly("doc-b");

      database.jdbi().useTransaction(handle -> new RagProjection().apply(handle, List.of(
          new ConsumerRecord<>(Topics.DOCS_EMBEDDED.name(), 0, 2, "doc-b",
              new EmbeddedDocument("doc-b", "acme", 2, hashB, "T", "s", "text/plain", Map.of(), "m", 384,
                  document("doc-b", hashB).chunks(), Instant.now(), Instant.now())))));
      List<IndexingProgress> seen = new java.util.ArrayList<>();
      assertThat(wait.await(Map.of("doc-a", hashA, "doc-b", hashB), Duration.ofSeconds(5), seen::add)).isEmpty();
      IndexingProgress last = seen.getLast();
      assertThat(last.searchable()).isEqualTo(2);
      assertThat(last.submitted()).isEqualTo(2);
      assertThat(last.chunks()).isEqualTo(2);
      assertThat(last.line()).contains("searchable 2/2 documents", "2 chunks", "chunks/s", "ETA 0:00");
    }
  }
}
