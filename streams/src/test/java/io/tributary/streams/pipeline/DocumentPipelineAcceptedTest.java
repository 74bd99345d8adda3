package io.tributary.streams.pipeline;

import static io.tributary.streams.pipeline.PipelineDriver.document;
import static io.tributary.streams.pipeline.PipelineDriver.json;
import static io.tributary.streams.pipeline.PipelineDriver.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.embedding.Embedder;
import io.tributary.schemas.documents.SubmittedDocument;
import io.tributary.schemas.errors.DeadLetterHeaders;
import io.tributary.schemas.json.Json;
import io.tributary.schemas.kafka.KafkaClients;
import io.tributary.schemas.topics.Topics;
import io.tributary.streams.embedding.MiniLmExtension;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The live pipeline writes what it accepts, and only that, to docs.accepted.v1 (ADR 0026): the
 * source a roll re-processes, which no producer's record can overwrite with another tenant's.
 */
@ExtendWith(MiniLmExtension.class)
class DocumentPipelineAcceptedTest {

  private static final String TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

  private final Embedder model;

  DocumentPipelineAcceptedTest(Embedder model) {
    this.model = model;
  }

  private static Map<String, Object> doc(String tenant, String id, String text) {
    Map<String, Object> fields = document(id, text);
    fields.put("tenant", tenant);
    return fields;
  }

  @Test
  void shouldWriteAnAcceptedSubmissionUnderItsTenantAndIdWithTheRecordsTime(@TempDir Path stateDir) throws IOException {
    try (PipelineDriver pipeline = new PipelineDriver(model, stateDir)) {
      // Given a document keyed by its bare id, as producers wrote before ADR 16
      byte[] value = json(doc("dev", "doc1", "Descale the kettle every month."));

      // When the pipeline accepts it
      pipeline.pipe(utf8("doc1"), value, headers("traceparent", TRACEPARENT, "origin-header", "kept"));

      // Then it is embedded, and the submitted document is on docs.accepted.v1 under the full key
      assertThat(pipeline.embedded.readRecord().key()).isEqualTo("dev/doc1");
      TestRecord<String, byte[]> accepted = pipeline.accepted.readRecord();
      assertThat(accepted.key()).isEqualTo("dev/doc1");
      assertThat(accepted.value()).isEqualTo(value);
      assertThat(accepted.getRecordTime()).isEqualTo(PipelineDriver.RECORD_TIME);
      assertThat(header(accepted.headers(), "origin-header")).isEqualTo("kept");
      assertThat(header(accepted.headers(), "traceparent")).isEqualTo(TRACEPARENT);
      assertThat(pipeline.accepted.isEmpty()).isTrue();
    }
  }

  @Test
  void shouldWriteAnAcceptedTombstoneAsATombstone(@TempDir Path stateDir) {
    try (PipelineDriver pipeline = new PipelineDriver(model, stateDir)) {
      pipeline.pipe(doc("dev", "doc1", "Descale the kettle every month."));
      pipeline.accepted.readRecord();

      pipeline.pipeTombstone("dev/doc1");

      TestRecord<String, byte[]> tombstone = pipeline.accepted.readRecord();
      assertThat(tombstone.key()).isEqualTo("dev/doc1");
      assertThat(tombstone.value()).isNull();
      assertThat(pipeline.accepted.isEmpty()).isTrue();
    }
  }

  @Test
  void shouldNotWriteARecordWhoseKeyNamesAnotherTenant(@TempDir Path stateDir) {
    try (PipelineDriver pipeline = new PipelineDriver(model, stateDir)) {
      pipeline.pipe(doc("dev", "doc1", "Dev's own text."));
      pipeline.accepted.readRecord();

      // A producer writes evil's value under dev's key: compaction would keep it as dev/doc1's last record
      pipeline.pipe(utf8("dev/doc1"), json(doc("evil", "doc1", "Evil's text.")));

      assertThat(header(pipeline.deadLetters.readRecord().headers(), DeadLetterHeaders.ERROR_CODE))
          .isEqualTo("TENANT_MISMATCH");
      assertThat(pipeline.accepted.isEmpty()).isTrue();
      assertThat(pipeline.embedded.readRecordsToList()).hasSize(1);
    }
  }

  @Test
  void shouldNotWriteABadRecordNorATombstoneThatNamesNoTenant(@TempDir Path stateDir) {
    try (PipelineDriver pipeline = new PipelineDriver(model, stateDir)) {
      pipeline.pipe(utf8("dev/doc1"), "{not json".getBytes(StandardCharsets.UTF_8));
      pipeline.pipe(utf8("dev/doc2"), json(Map.of("id", "doc2", "tenant", "dev")));
      pipeline.pipe(utf8("doc1"), null);

      assertThat(pipeline.deadLetters.readRecordsToList()).hasSize(3);
      assertThat(pipeline.accepted.isEmpty()).isTrue();
      assertThat(pipeline.embedded.isEmpty()).isTrue();
    }
  }

  @Test
  void shouldWriteTheDocumentWithoutItsCloudEventsEnvelope(@TempDir Path stateDir) throws IOException {
    try (PipelineDriver pipeline = new PipelineDriver(model, stateDir)) {
      Map<String, Object> event = new LinkedHashMap<>();
      event.put("specversion", "1.0");
      event.put("id", "evt-1");
      event.put("source", "/crm");
      event.put("type", "io.tributary.document.submitted");
      event.put("data", doc("dev", "doc1", "Rinse the kettle twice."));

      pipeline.pipe(utf8("dev/doc1"), json(event), headers("content-type", "application/cloudevents+json"));

      TestRecord<String, byte[]> accepted = pipeline.accepted.readRecord();
      SubmittedDocument document = Json.mapper().readValue(accepted.value(), SubmittedDocument.class);
      assertThat(document.tenant()).isEqualTo("dev");
      assertThat(document.text()).isEqualTo("Rinse the kettle twice.");
      assertThat(header(accepted.headers(), "content-type")).isNull();
    }
  }

  @Test
  void shouldForwardAnUnchangedResubmissionAgainWithoutEmbeddingIt(@TempDir Path stateDir) {
    try (PipelineDriver pipeline = new PipelineDriver(model, stateDir)) {
      pipeline.pipe(doc("dev", "doc1", "Descale the kettle every month."));
      pipeline.pipe(doc("dev", "doc1", "Descale the kettle every month."));

      assertThat(pipeline.embedded.readRecordsToList()).hasSize(1);
      assertThat(pipeline.accepted.readRecordsToList()).extracting(TestRecord::key)
          .containsExactly("dev/doc1", "dev/doc1");
    }
  }

  @Test
  void shouldReadTheAcceptedTopicAndWriteNoAcceptedRecordsInARollsPipeline(@TempDir Path stateDir) {
    PipelineComponents roll = PipelineDriver.components(model).withInput(Topics.DOCS_ACCEPTED, false);
    try (PipelineDriver pipeline = new PipelineDriver(roll, stateDir)) {
      pipeline.pipe(doc("dev", "doc1", "Descale the kettle every month."));
      pipeline.pipeTombstone("dev/doc2");

      assertThat(pipeline.embedded.readRecordsToList()).extracting(TestRecord::key)
          .containsExactly("dev/doc1", "dev/doc2");
      assertThat(pipeline.accepted.isEmpty()).isTrue();
      String topology = DocumentPipelineRunner.topology(
          PipelineSettings.defaults(KafkaClients.plaintext("localhost:9"), stateDir), roll).describe().toString();
      assertThat(topology).contains("topics: [docs.accepted.v1]").doesNotContain("topic: docs.accepted.v1");
    }
  }

  @Test
  void shouldRefuseAPipelineThatWritesTheTopicItReads() {
    assertThatThrownBy(() -> PipelineDriver.components(model).withInput(Topics.DOCS_ACCEPTED, true))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("docs.accepted.v1");
  }

  private static Headers headers(String... namesAndValues) {
    RecordHeaders headers = new RecordHeaders();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      headers.add(namesAndValues[i], utf8(namesAndValues[i + 1]));
    }
    return headers;
  }

  private static String header(Headers headers, String name) {
    var header = headers.lastHeader(name);
    return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }
}
