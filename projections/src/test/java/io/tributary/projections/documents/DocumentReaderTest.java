package io.tributary.projections.documents;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.embedded.EmbeddedPostgres;
import io.tributary.embedded.testing.EmbeddedPostgresExtension;
import io.tributary.projections.db.Database;
import io.tributary.projections.rag.DocumentFilters;
import io.tributary.projections.rag.RagProjection;
import io.tributary.projections.testing.Documents;
import io.tributary.projections.testing.MigratedDatabase;
import io.tributary.schemas.documents.EmbeddedDocument;
import io.tributary.schemas.errors.DeadLetterHeaders;
import io.tributary.schemas.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

@Tag("integration")
@ExtendWith(EmbeddedPostgresExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DocumentReaderTest {

  private Database database;
  private DocumentReader reader;
  private SubmissionLog submissions;

  @BeforeAll
  void setUp(EmbeddedPostgres postgres) {
    database = MigratedDatabase.create(postgres, "document_reader");
    reader = new DocumentReader(database.jdbi());
    submissions = new SubmissionLog(database.jdbi());
    for (String id : List.of("d1", "d2", "d3")) {
      project(Documents.document(id, "acme", 1, 2));
    }
    project(Documents.document("g1", "globex", 1, 1));
  }

  @AfterAll
  void close() {
    database.close();
  }

  private void project(EmbeddedDocument document) {
    database.jdbi().useTransaction(h -> new RagProjection().apply(h,
        List.of(new ConsumerRecord<>(Topics.DOCS_EMBEDDED.name(), 0, 0L, document.id(), document))));
  }

  private void deadLetter(String id, String json, String code, Instant at) {
    ConsumerRecord<byte[], byte[]> record = new ConsumerRecord<>(Topics.DOCS_SUBMITTED_DLQ.name(), 0, 0L,
        id.getBytes(StandardCharsets.UTF_8), json.getBytes(StandardCharsets.UTF_8));
    record.headers().add(DeadLetterHeaders.ERROR_CODE, code.getBytes(StandardCharsets.UTF_8));
    record.headers().add(DeadLetterHeaders.EXCEPTION_MESSAGE, "$.text: is required".getBytes(StandardCharsets.UTF_8));
    record.headers().add(DeadLetterHeaders.FAILED_AT, at.toString().getBytes(StandardCharsets.UTF_8));
    database.jdbi().useTransaction(h -> new DocumentFailuresProjection().apply(h, List.of(record)));
  }

  @Test
  void shouldPageThroughTheTenantsDocumentsById() {
    List<DocumentSummary> first = reader.list("acme", DocumentFilters.NONE, null, 2);
    List<DocumentSummary> rest = reader.list("acme", DocumentFilters.NONE, first.getLast().documentId(), 2);

    assertThat(first).extracting(DocumentSummary::documentId).containsExactly("d1", "d2");
    assertThat(rest).extracting(DocumentSummary::documentId).startsWith("d3").doesNotContain("d1", "d2", "g1");
    assertThat(first.getFirst().metadata()).containsEntry("lang", "en");
    assertThat(reader.list("acme", new DocumentFilters(null, Map.of("lang", "fr"), null, null), null, 10)).isEmpty();
  }

  @Test
  void shouldReportAProjectedDocumentIndexedOnlyToItsTenant() {
    assertThat(reader.state("acme", "d1")).get().extracting(DocumentState::status).isEqualTo(IndexingStatus.INDEXED);
    assertThat(reader.state("globex", "d1")).isEmpty();
    assertThat(reader.chunks("acme", "d1")).get().asList().hasSize(2);
    assertThat(reader.chunks("globex", "d1")).isEmpty();
  }

  @Test
  void shouldReportAnAcceptedButUnprojectedSubmissionPendingThenIndexedOnceItsHashIsProjected() {
    EmbeddedDocument next = Documents.document("p1", "acme", 1, 1);
    submissions.accepted("acme", "p1", next.contentHash(), Instant.now(), "docs.submitted.v1", 0, 7);

    assertThat(reader.state("acme", "p1")).get().extracting(DocumentState::status).isEqualTo(IndexingStatus.PENDING);
    project(next);
    assertThat(reader.state("acme", "p1")).get().extracting(DocumentState::status).isEqualTo(IndexingStatus.INDEXED);
  }

  @Test
  void shouldReportTheDeadLetterReasonOfAFailedSubmission() {
    Instant accepted = Instant.now().minusSeconds(5);
    submissions.accepted("acme", "f1", "hash", accepted, "docs.submitted.v1", 0, 9);
    deadLetter("f1", "{\"id\":\"f1\",\"tenant\":\"acme\"}", "SCHEMA_VIOLATION", accepted.plusSeconds(1));
    deadLetter("f2", "not json", "MALFORMED_JSON", Instant.now());

    DocumentState state = reader.state("acme", "f1").orElseThrow();

    assertThat(state.status()).isEqualTo(IndexingStatus.FAILED);
    assertThat(state.failure().code()).isEqualTo("SCHEMA_VIOLATION");
    assertThat(state.failure().message()).isEqualTo("$.text: is required");
    assertThat(reader.state("globex", "f1")).isEmpty();
    // Unreadable bytes name no tenant: nobody who did not submit the id sees the failure.
    assertThat(reader.state("acme", "f2")).isEmpty();
  }

  @Test
  void shouldBindAnIdempotencyKeyToItsFirstRequestPerTenant() {
    IdempotencyKeys keys = new IdempotencyKeys(database.jdbi());

    IdempotencyKeys.Claim first = keys.claim("acme", "k1", "h1", "doc-a", Duration.ofHours(1));
    IdempotencyKeys.Claim again = keys.claim("acme", "k1", "h2", "doc-b", Duration.ofHours(1));
    IdempotencyKeys.Claim otherTenant = keys.claim("globex", "k1", "h2", "doc-c", Duration.ofHours(1));
    IdempotencyKeys.Claim expired = keys.claim("acme", "k1", "h3", "doc-d", Duration.ZERO);

    assertThat(first).isEqualTo(new IdempotencyKeys.Claim("h1", "doc-a"));
    assertThat(again).isEqualTo(first);
    assertThat(otherTenant).isEqualTo(new IdempotencyKeys.Claim("h2", "doc-c"));
    assertThat(expired).isEqualTo(new IdempotencyKeys.Claim("h3", "doc-d"));
  }
}
