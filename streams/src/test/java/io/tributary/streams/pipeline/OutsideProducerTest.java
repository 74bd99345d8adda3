package io.tributary.streams.pipeline;

import static io.tributary.streams.pipeline.PipelineDriver.document;
import static io.tributary.streams.pipeline.PipelineDriver.json;
import static io.tributary.streams.pipeline.PipelineDriver.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.schemas.documents.EmbeddedDocument;
import io.tributary.schemas.errors.DeadLetterHeaders;
import io.tributary.embedding.Embedder;
import io.tributary.streams.embedding.MiniLmExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Plain JSON and CloudEvents (binary and structured mode) from other systems, with trace context carried through. */
@ExtendWith(MiniLmExtension.class)
class OutsideProducerTest {

  private static final String TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

  private final Embedder model;
  private PipelineDriver pipeline;

  OutsideProducerTest(Embedder model) {
    this.model = model;
  }

  @BeforeEach
  void startPipeline(@TempDir Path stateDir) {
    pipeline = new PipelineDriver(model, stateDir);
  }

  @AfterEach
  void closePipeline() {
    pipeline.close();
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

  @Test
  void shouldCarryTraceparentAndCorrelationIdOfPlainJson() {
    pipeline.pipe(utf8("doc-1"), json(document("doc-1", "Descale the kettle.")),
        headers("traceparent", TRACEPARENT, "correlation-id", "order-42"));

    TestRecord<String, EmbeddedDocument> out = pipeline.embedded.readRecord();
    assertThat(out.value().version()).isEqualTo(1);
    assertThat(header(out.headers(), "traceparent")).isEqualTo(TRACEPARENT);
    assertThat(header(out.headers(), "correlation-id")).isEqualTo("order-42");
  }

  @Test
  void shouldReadACloudEventInBinaryMode() {
    pipeline.pipe(utf8("doc-1"), json(document("doc-1", "Descale the kettle.")), headers(
        "ce_specversion", "1.0", "ce_id", "evt-1", "ce_source", "/crm", "ce_type", "io.tributary.document.submitted",
        "content-type", "application/json", "ce_traceparent", TRACEPARENT, "ce_correlationid", "order-42"));

    TestRecord<String, EmbeddedDocument> out = pipeline.embedded.readRecord();
    assertThat(out.key()).isEqualTo("default/doc-1");
    assertThat(out.value().chunks()).singleElement()
        .satisfies(chunk -> assertThat(chunk.text()).isEqualTo("Descale the kettle."));
    assertThat(header(out.headers(), "traceparent")).isEqualTo(TRACEPARENT);
    assertThat(header(out.headers(), "correlation-id")).isEqualTo("order-42");
    assertThat(header(out.headers(), "ce_id")).isNull();
    assertThat(header(out.headers(), "content-type")).isNull();
    assertThat(pipeline.deadLetters.isEmpty()).isTrue();
  }

  @Test
  void shouldReadACloudEventInStructuredMode() {
    Map<String, Object> event = new LinkedHashMap<>();
    event.put("specversion", "1.0");
    event.put("id", "evt-2");
    event.put("source", "/crm");
    event.put("type", "io.tributary.document.submitted");
    event.put("datacontenttype", "application/json");
    event.put("traceparent", TRACEPARENT);
    event.put("correlationid", "order-43");
    event.put("data", document("doc-2", "Rinse the kettle twice."));

    pipeline.pipe(utf8("doc-2"), json(event), headers("content-type", "application/cloudevents+json; charset=UTF-8"));

    TestRecord<String, EmbeddedDocument> out = pipeline.embedded.readRecord();
    assertThat(out.value().id()).isEqualTo("doc-2");
    assertThat(out.value().chunks()).singleElement()
        .satisfies(chunk -> assertThat(chunk.text()).isEqualTo("Rinse the kettle twice."));
    assertThat(header(out.headers(), "traceparent")).isEqualTo(TRACEPARENT);
    assertThat(header(out.headers(), "correlation-id")).isEqualTo("order-43");
  }

  @Test
  void shouldDeadLetterABinaryModeEventWithoutItsRequiredAttributes() {
    byte[] value = json(document("doc-1", "text"));
    pipeline.pipe(utf8("doc-1"), value, headers("ce_specversion", "1.0", "ce_source", "/crm", "ce_type", "t"));

    TestRecord<byte[], byte[]> letter = pipeline.deadLetters.readRecord();
    assertThat(letter.value()).isEqualTo(value);
    assertThat(header(letter.headers(), DeadLetterHeaders.ERROR_CODE)).isEqualTo("SCHEMA_VIOLATION");
    assertThat(header(letter.headers(), DeadLetterHeaders.EXCEPTION_MESSAGE)).contains("ce_id");
    assertThat(pipeline.embedded.isEmpty()).isTrue();
  }

  @Test
  void shouldDeadLetterAStructuredEventWhoseDataIsNotADocument() {
    Map<String, Object> event = Map.of("specversion", "1.0", "id", "e", "source", "/s", "type", "t", "data", "just text");
    pipeline.pipe(utf8("doc-1"), json(event), headers("content-type", "application/cloudevents+json"));

    TestRecord<byte[], byte[]> letter = pipeline.deadLetters.readRecord();
    assertThat(header(letter.headers(), DeadLetterHeaders.ERROR_CODE)).isEqualTo("SCHEMA_VIOLATION");
    assertThat(header(letter.headers(), DeadLetterHeaders.EXCEPTION_MESSAGE)).contains("/data");
  }

  @Test
  void shouldCarryTheTraceOfATombstone() {
    pipeline.pipe(utf8("doc-1"), json(document("doc-1", "text")), headers());
    pipeline.embedded.readRecord();

    pipeline.pipe(utf8("default/doc-1"), null, headers("traceparent", TRACEPARENT));

    TestRecord<String, EmbeddedDocument> out = pipeline.embedded.readRecord();
    assertThat(out.value()).isNull();
    assertThat(header(out.headers(), "traceparent")).isEqualTo(TRACEPARENT);
  }
}
