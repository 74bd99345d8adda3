package io.tributary.streams.pipeline;

import static io.tributary.streams.pipeline.PipelineDriver.NOW;
import static io.tributary.streams.pipeline.PipelineDriver.document;
import static io.tributary.streams.pipeline.PipelineDriver.json;
import static io.tributary.streams.pipeline.PipelineDriver.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.schemas.errors.DeadLetterHeaders;
import io.tributary.schemas.errors.ErrorCode;
import io.tributary.schemas.errors.InvalidRecordException;
import io.tributary.schemas.topics.Topics;
import io.tributary.embedding.Embedder;
import io.tributary.streams.embedding.MiniLmExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

@ExtendWith(MiniLmExtension.class)
class DocumentPipelineDeadLetterTest {

  private final Embedder model;
  private RecordingEmbedder embedder;
  private PipelineDriver pipeline;

  DocumentPipelineDeadLetterTest(Embedder model) {
    this.model = model;
  }

  @BeforeEach
  void startPipeline(@TempDir Path stateDir) {
    embedder = new RecordingEmbedder(model);
    pipeline = new PipelineDriver(embedder, stateDir);
  }

  @AfterEach
  void closePipeline() {
    pipeline.close();
  }

  /** One kind of record that can never be processed. */
  record BadInput(String name, byte[] key, byte[] value, ErrorCode code, String[] messageParts) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<BadInput> badInputs() {
    Map<String, Object> word = document("doc-1", "hi");
    word.put("content_type", "application/msword");
    Map<String, Object> notPdf = new java.util.LinkedHashMap<>(Map.of("id", "doc-1", "content_type", "application/pdf",
        "content_base64", java.util.Base64.getEncoder().encodeToString(utf8("not a PDF at all"))));
    Map<String, Object> notBase64 = new java.util.LinkedHashMap<>(Map.of("id", "doc-1", "content_type", "application/pdf",
        "content_base64", "%%% not base64 %%%"));
    Map<String, Object> badStrategy = document("doc-1", "text");
    badStrategy.put("chunking", "sentences");
    Map<String, Object> badTenant = document("doc-1", "text");
    badTenant.put("tenant", "no spaces allowed");
    return Stream.of(
        new BadInput("invalid UTF-8", utf8("doc-1"), new byte[] {'{', (byte) 0xC3, (byte) 0x28, '}'},
            ErrorCode.UNDECODABLE_BYTES, new String[] {"UTF-8"}),
        new BadInput("malformed JSON", utf8("doc-1"), utf8("{\"id\": \"doc-1\", "),
            ErrorCode.MALFORMED_JSON, new String[] {"JSON"}),
        new BadInput("missing field", utf8("doc-1"), utf8("{\"id\":\"doc-1\"}"),
            ErrorCode.SCHEMA_VIOLATION, new String[] {"text"}),
        new BadInput("field breaking its pattern", utf8("doc-1"), json(badTenant),
            ErrorCode.SCHEMA_VIOLATION, new String[] {"tenant"}),
        new BadInput("oversize", utf8("doc-1"), new byte[Topics.DOCS_SUBMITTED.maxMessageBytes() + 1],
            ErrorCode.DOCUMENT_TOO_LARGE, new String[] {String.valueOf(Topics.DOCS_SUBMITTED.maxMessageBytes())}),
        new BadInput("unsupported content type", utf8("doc-1"), json(word),
            ErrorCode.UNSUPPORTED_CONTENT_TYPE, new String[] {"application/msword", "application/pdf"}),
        new BadInput("bytes that are no PDF", utf8("doc-1"), json(notPdf),
            ErrorCode.UNDECODABLE_BYTES, new String[] {"PDF"}),
        new BadInput("content that is not base64", utf8("doc-1"), json(notBase64),
            ErrorCode.UNDECODABLE_BYTES, new String[] {"base64"}),
        new BadInput("unknown chunking strategy", utf8("doc-1"), json(badStrategy),
            ErrorCode.SCHEMA_VIOLATION, new String[] {"/chunking"}),
        new BadInput("id not matching the key", utf8("doc-1"), json(document("doc-2", "text")),
            ErrorCode.TENANT_MISMATCH, new String[] {"doc-2", "doc-1", "does not name"}),
        new BadInput("missing key", null, json(document("doc-1", "text")),
            ErrorCode.SCHEMA_VIOLATION, new String[] {"key"}),
        new BadInput("key not UTF-8", new byte[] {(byte) 0xC3, (byte) 0x28}, json(document("doc-1", "text")),
            ErrorCode.UNDECODABLE_BYTES, new String[] {"key"}));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badInputs")
  void shouldDeadLetterTheOriginalRecordWithTheReasonAndKeepGoing(BadInput bad) {
    pipeline.pipe(bad.key(), bad.value());
    pipeline.pipe(document("doc-ok", "A good document after a bad one."));

    TestRecord<byte[], byte[]> letter = pipeline.deadLetters.readRecord();
    assertThat(letter.key()).isEqualTo(bad.key());
    assertThat(letter.value()).isEqualTo(bad.value());
    Headers headers = letter.headers();
    assertThat(header(headers, DeadLetterHeaders.ORIGIN_TOPIC)).isEqualTo("docs.submitted.v1");
    assertThat(header(headers, DeadLetterHeaders.ORIGIN_PARTITION)).isEqualTo("0");
    assertThat(header(headers, DeadLetterHeaders.ORIGIN_OFFSET)).isEqualTo("0");
    assertThat(header(headers, DeadLetterHeaders.EXCEPTION_CLASS)).isEqualTo(InvalidRecordException.class.getName());
    assertThat(header(headers, DeadLetterHeaders.EXCEPTION_MESSAGE)).contains(bad.messageParts());
    assertThat(header(headers, DeadLetterHeaders.ERROR_CODE)).isEqualTo(bad.code().name());
    assertThat(header(headers, DeadLetterHeaders.FAILED_AT)).isEqualTo(NOW.toString());
    assertThat(header(headers, "origin-header")).isEqualTo("kept");
    assertThat(pipeline.deadLetters.isEmpty()).isTrue();
    assertThat(pipeline.embedded.readKeyValue().key).isEqualTo("default/doc-ok");
    assertThat(pipeline.embedded.isEmpty()).isTrue();
  }

  @Test
  void shouldDeadLetterADocumentWhoseEmbeddedFormWouldNotFitTheOutputTopicWithoutEmbeddingIt() {
    // ~3 MB of text is far below the input limit but becomes ~8,500 chunks of 2 KB vectors each.
    String paragraph = "Word ".repeat(70).strip() + ".\n\n";
    String text = paragraph.repeat(3_000_000 / paragraph.length());

    pipeline.pipe(document("doc-big", text));

    TestRecord<byte[], byte[]> letter = pipeline.deadLetters.readRecord();
    assertThat(header(letter.headers(), DeadLetterHeaders.ERROR_CODE)).isEqualTo("DOCUMENT_TOO_LARGE");
    assertThat(header(letter.headers(), DeadLetterHeaders.EXCEPTION_MESSAGE)).contains("embedded form");
    assertThat(embedder.batchSizes()).isEmpty();
    assertThat(pipeline.embedded.isEmpty()).isTrue();
  }

  @Test
  void shouldLetAnEmbedderFailurePropagateWithoutDeadLetteringOrRecordingAVersion() {
    embedder.failNextCall(new IllegalStateException("model unavailable"));

    assertThatThrownBy(() -> pipeline.pipe(document("doc-1", "Some text.")))
        .isInstanceOf(StreamsException.class)
        .hasRootCauseMessage("model unavailable");

    assertThat(pipeline.deadLetters.isEmpty()).isTrue();
    assertThat(pipeline.embedded.isEmpty()).isTrue();
    assertThat(pipeline.versions().get("default/doc-1")).isNull();
  }

  private static String header(Headers headers, String name) {
    return headers.lastHeader(name) == null
        ? null
        : new String(headers.lastHeader(name).value(), StandardCharsets.UTF_8);
  }
}
