package io.tributary.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.schemas.documents.EmbeddedChunk;
import io.tributary.schemas.documents.EmbeddedDocument;
import io.tributary.schemas.documents.SubmittedDocument;
import io.tributary.schemas.documents.VectorCodec;
import io.tributary.schemas.json.Json;
import io.tributary.schemas.json.JsonSerde;
import io.tributary.schemas.validation.JsonSchemaContract;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class JsonSerdeTest {

  private final JsonSerde<SubmittedDocument> submitted = JsonSerde.of(SubmittedDocument.class);
  private final JsonSerde<EmbeddedDocument> embedded = JsonSerde.of(EmbeddedDocument.class);

  @Test
  void shouldRoundTripSubmittedDocumentInSnakeCase() {
    SubmittedDocument doc =
        new SubmittedDocument(
            "d1", "acme", "Title", "s3://x", "text/markdown", "# Hi", Map.of("k", "v"),
            Instant.parse("2026-01-02T03:04:05Z"));

    byte[] bytes = submitted.toBytes(doc);

    assertThat(new String(bytes, StandardCharsets.UTF_8))
        .contains("\"content_type\":\"text/markdown\"")
        .contains("\"submitted_at\":\"2026-01-02T03:04:05Z\"");
    assertThat(submitted.fromBytes(bytes)).isEqualTo(doc);
  }

  @Test
  void shouldKeepTombstonesAsNull() {
    assertThat(submitted.serializer().serialize("t", null)).isNull();
    assertThat(submitted.deserializer().deserialize("t", null)).isNull();
  }

  @Test
  void shouldFailWithSerializationExceptionOnGarbage() {
    assertThatThrownBy(() -> submitted.fromBytes("{nope".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("SubmittedDocument");
  }

  @Test
  void shouldProduceEmbeddedDocumentsThatMatchTheirPublishedSchema() throws Exception {
    float[] vector = {0.25f, -1.5f, 3.0f};
    EmbeddedDocument doc =
        new EmbeddedDocument(
            "d1", "default", 2, "a".repeat(64), "T", "src", "text/plain", Map.of(), "minilm", 3,
            List.of(new EmbeddedChunk(0, "hello", List.of("H1"), 0, 5, VectorCodec.encode(vector))),
            Instant.parse("2026-01-02T03:04:05Z"), Instant.parse("2026-01-02T03:04:06Z"));

    byte[] bytes = embedded.toBytes(doc);
    List<String> violations =
        JsonSchemaContract.load("docs.embedded.v1").violations(Json.mapper().readTree(bytes));

    assertThat(violations).isEmpty();
    EmbeddedDocument back = embedded.fromBytes(bytes);
    assertThat(back).isEqualTo(doc);
    assertThat(back.chunks().getFirst().vector()).containsExactly(vector);
  }

  @Test
  void shouldRejectVectorBytesThatAreNotWholeFloats() {
    String threeBytes = java.util.Base64.getEncoder().encodeToString(new byte[] {1, 2, 3});
    assertThatThrownBy(() -> VectorCodec.decode(threeBytes))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a multiple of 4");
  }
}
