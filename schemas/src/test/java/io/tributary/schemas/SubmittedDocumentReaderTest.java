package io.tributary.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.tributary.schemas.documents.SubmittedDocument;
import io.tributary.schemas.errors.ErrorCode;
import io.tributary.schemas.errors.InvalidRecordException;
import io.tributary.schemas.validation.SubmittedDocumentReader;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SubmittedDocumentReaderTest {

  private final SubmittedDocumentReader reader = SubmittedDocumentReader.v1(4096);

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private InvalidRecordException rejection(byte[] bytes) {
    return catchThrowableOfType(InvalidRecordException.class, () -> reader.read(bytes));
  }

  @Test
  void shouldReadAMinimalDocumentWithDefaults() {
    SubmittedDocument doc = reader.read(utf8("{\"id\":\"a\",\"text\":\"hello\"}"));

    assertThat(doc.id()).isEqualTo("a");
    assertThat(doc.tenant()).isEqualTo("default");
    assertThat(doc.contentType()).isEqualTo("text/plain");
    assertThat(doc.metadata()).isEmpty();
  }

  @Test
  void shouldRejectInvalidUtf8AsUndecodable() {
    InvalidRecordException e = rejection(new byte[] {'{', (byte) 0xC3, (byte) 0x28, '}'});
    assertThat(e.code()).isEqualTo(ErrorCode.UNDECODABLE_BYTES);
  }

  @Test
  void shouldRejectBrokenJsonAsMalformed() {
    InvalidRecordException e = rejection(utf8("{\"id\": \"a\", "));
    assertThat(e.code()).isEqualTo(ErrorCode.MALFORMED_JSON);
  }

  @Test
  void shouldNameTheMissingFieldInASchemaViolation() {
    InvalidRecordException e = rejection(utf8("{\"id\":\"a\"}"));
    assertThat(e.code()).isEqualTo(ErrorCode.SCHEMA_VIOLATION);
    assertThat(e.getMessage()).contains("text");
  }

  @Test
  void shouldNameTheFieldWithAWrongType() {
    InvalidRecordException e = rejection(utf8("{\"id\":\"a\",\"text\":\"x\",\"metadata\":{\"k\":1}}"));
    assertThat(e.code()).isEqualTo(ErrorCode.SCHEMA_VIOLATION);
    assertThat(e.getMessage()).contains("metadata").contains("k");
  }

  @Test
  void shouldRejectUnknownFieldsSoThatTyposAreNotSilentlyIgnored() {
    InvalidRecordException e = rejection(utf8("{\"id\":\"a\",\"text\":\"x\",\"contentType\":\"text/html\"}"));
    assertThat(e.code()).isEqualTo(ErrorCode.SCHEMA_VIOLATION);
    assertThat(e.getMessage()).contains("contentType");
  }

  @Test
  void shouldRejectOversizeRecordsBeforeParsing() {
    InvalidRecordException e = rejection(new byte[4097]);
    assertThat(e.code()).isEqualTo(ErrorCode.DOCUMENT_TOO_LARGE);
    assertThat(e.getMessage()).contains("4097").contains("4096");
  }

  @Test
  void shouldReadBinaryContentAndAChunkingStrategy() {
    SubmittedDocument doc = reader.read(utf8(
        "{\"id\":\"p\",\"content_type\":\"application/pdf\",\"content_base64\":\"JVBERi0=\",\"chunking\":\"window\"}"));

    assertThat(doc.text()).isNull();
    assertThat(doc.contentBase64()).isEqualTo("JVBERi0=");
    assertThat(doc.chunking()).isEqualTo("window");
  }

  @Test
  void shouldRequireExactlyOneOfTextAndContentBase64() {
    InvalidRecordException both = rejection(utf8("{\"id\":\"a\",\"text\":\"t\",\"content_base64\":\"dA==\"}"));
    InvalidRecordException neither = rejection(utf8("{\"id\":\"a\"}"));

    assertThat(both.code()).isEqualTo(ErrorCode.SCHEMA_VIOLATION);
    assertThat(both).hasMessageContaining("exactly one of /text and /content_base64").hasMessageEndingWith("both");
    assertThat(neither).hasMessageEndingWith("neither");
  }

  @Test
  void shouldRejectAnUnknownChunkingStrategyNamingTheField() {
    InvalidRecordException e = rejection(utf8("{\"id\":\"a\",\"text\":\"t\",\"chunking\":\"sentences\"}"));

    assertThat(e.code()).isEqualTo(ErrorCode.SCHEMA_VIOLATION);
    assertThat(e).hasMessageContaining("/chunking");
  }

  @Test
  void shouldLeaveAbsentOptionalFieldsOutWhenWritten() throws Exception {
    SubmittedDocument doc = new SubmittedDocument("a", null, null, null, null, "t", null, null);

    String json = io.tributary.schemas.json.Json.mapper().writeValueAsString(doc);

    assertThat(json).doesNotContain("chunking", "content_base64", "submitted_at");
    assertThat(reader.read(utf8(json))).isEqualTo(doc);
  }
}
