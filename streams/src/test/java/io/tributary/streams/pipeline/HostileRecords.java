package io.tributary.streams.pipeline;

import io.tributary.schemas.json.Json;
import io.tributary.embedding.Embedder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;

/** Generators of hostile record keys and values for the input topics, and a fast fixed embedder. */
public final class HostileRecords {

  private static final List<String> NASTY = List.of(
      "", " ", "\u0000", "null", "true", "[]", "{}", "-1", "1e309", "NaN", "\uD83D\uDE00", "\u202Eevil", "\uFEFF",
      "a".repeat(20_000), "x ".repeat(5_000), "application/pdf", "text/html", "text/markdown", "<html><script>",
      "%%% not base64 %%%", "JVBERi0xLjQK", "tenant-b", "../etc/passwd", "${jndi:ldap://x/a}", "\uD800",
      "2026-13-45T99:99:99Z", "paragraphs", "sentences", "\r\n\r\n", "#".repeat(300));

  private static final List<String> FIELDS = List.of(
      "id", "text", "title", "source", "content_type", "content_base64", "tenant", "submitted_at", "metadata",
      "chunking", "user", "sent_at", "conversation_id", "specversion", "type", "data", "datacontenttype", "",
      "__proto__");

  private HostileRecords() {}

  public static Arbitrary<String> text() {
    return Arbitraries.oneOf(Arbitraries.of(NASTY), Arbitraries.strings().all().ofMaxLength(60),
        Arbitraries.strings().alpha().numeric().withChars("-_.: ").ofMaxLength(200));
  }

  /** Record keys: null, empty, text, or bytes that are not UTF-8. */
  public static Arbitrary<byte[]> keys() {
    return Arbitraries.oneOf(Arbitraries.just((byte[]) null),
        text().map(t -> t.getBytes(StandardCharsets.UTF_8)),
        Arbitraries.bytes().array(byte[].class).ofMaxSize(40));
  }

  /** Record values: raw bytes, broken or deep JSON, and JSON objects with the contracts' fields holding anything. */
  public static Arbitrary<byte[]> values(Map<String, Object> validFields) {
    Arbitrary<Object> scalar = Arbitraries.oneOf(text().map(Object.class::cast),
        Arbitraries.integers().map(Object.class::cast), Arbitraries.doubles().map(Object.class::cast),
        Arbitraries.of(true, false).map(Object.class::cast), Arbitraries.just(null));
    Arbitrary<Object> value = Arbitraries.oneOf(scalar, scalar.list().ofMaxSize(3).map(Object.class::cast),
        Arbitraries.maps(Arbitraries.of(FIELDS), scalar).ofMaxSize(3).map(Object.class::cast));
    Arbitrary<byte[]> objects = Arbitraries.maps(Arbitraries.oneOf(Arbitraries.of(FIELDS), text()), value).ofMaxSize(7)
        .map(fields -> json(fields));
    // A valid record with one field replaced: the nearest misses are the likeliest to slip through.
    Arbitrary<byte[]> nearMisses = Arbitraries.of(validFields.keySet().toArray(String[]::new))
        .flatMap(field -> value.map(v -> {
          Map<String, Object> copy = new java.util.LinkedHashMap<>(validFields);
          copy.put(field, v);
          return json(copy);
        }));
    return Arbitraries.oneOf(objects, nearMisses, nearMisses,
        Arbitraries.bytes().array(byte[].class).ofMaxSize(300),
        text().map(t -> t.getBytes(StandardCharsets.UTF_8)),
        Arbitraries.integers().between(1, 3000).map(d -> ("[".repeat(d) + "]".repeat(d)).getBytes(StandardCharsets.US_ASCII)),
        Arbitraries.of("{\"id\":", "{\"text\":\"a\",\"text\":\"b\"}", "{\"id\":\"x\"}trailing", "\uFEFF{}",
            "{\"id\":\"\\ud800\"}").map(t -> t.getBytes(StandardCharsets.UTF_8)),
        Arbitraries.just(new byte[] {'{', (byte) 0xC3, (byte) 0x28, '}'}));
  }

  /** Whether {@code value} is not even a JSON object: such a record can only be dead-lettered. */
  public static boolean notAJsonObject(byte[] value) {
    if (value == null) {
      return false;
    }
    try {
      return !Json.mapper().readTree(value).isObject();
    } catch (Exception e) {
      return true;
    }
  }

  static byte[] json(Object value) {
    try {
      return Json.mapper().writeValueAsBytes(value);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Every text gets the same unit vector: the properties test the topology's handling, not the model. */
  public static final class FixedEmbedder implements Embedder {
    @Override
    public String modelId() {
      return "fixed-fuzz";
    }

    @Override
    public int dimensions() {
      return 384;
    }

    @Override
    public List<float[]> embed(List<String> texts) {
      float[] unit = new float[384];
      unit[0] = 1f;
      return texts.stream().map(t -> Arrays.copyOf(unit, unit.length)).toList();
    }
  }
}
