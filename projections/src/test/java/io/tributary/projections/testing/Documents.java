package io.tributary.projections.testing;

import io.tributary.projections.rag.RagTables;
import io.tributary.schemas.documents.EmbeddedChunk;
import io.tributary.schemas.documents.EmbeddedDocument;
import io.tributary.schemas.documents.VectorCodec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Builds {@link EmbeddedDocument}s for tests: chunk i of a document points along axis i (mod dims). */
public final class Documents {

  public static final String MODEL = "test-one-hot";
  private static final Instant SUBMITTED = Instant.parse("2025-01-01T10:00:00Z");

  private Documents() {}

  /** A document of {@code tenant} with {@code chunks} chunks whose vectors are one-hot from axis 0. */
  public static EmbeddedDocument document(String id, String tenant, long version, int chunks) {
    List<EmbeddedChunk> list = new ArrayList<>();
    for (int i = 0; i < chunks; i++) {
      list.add(chunk(i, "chunk " + i + " of " + id + " v" + version, Vectors.oneHot(i % RagTables.EMBEDDING_DIMENSIONS)));
    }
    return document(id, tenant, version, list);
  }

  /** A document with the given chunks. */
  public static EmbeddedDocument document(String id, String tenant, long version, List<EmbeddedChunk> chunks) {
    return new EmbeddedDocument(id, tenant, version, "hash-" + id + "-" + version, "Title " + id,
        "file:///" + id + ".md", "text/markdown", Map.of("lang", "en"), MODEL, RagTables.EMBEDDING_DIMENSIONS,
        chunks, SUBMITTED, SUBMITTED.plusSeconds(version));
  }

  /** A chunk at {@code index} with {@code text} and {@code vector}. */
  public static EmbeddedChunk chunk(int index, String text, float[] vector) {
    return new EmbeddedChunk(index, text, List.of("Guide", "Section " + index), index * 100, index * 100 + text.length(),
        VectorCodec.encode(vector));
  }

  /**
   * A history of {@code count} documents on {@code topic}: version 1 of each, version 2 of every
   * third, a tombstone for every seventh from the second on.
   */
  public static List<ProducerRecord<String, EmbeddedDocument>> history(String topic, int count) {
    List<ProducerRecord<String, EmbeddedDocument>> records = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String id = "doc-" + i;
      records.add(new ProducerRecord<>(topic, key(i), document(id, "tenant-" + i % 3, 1, 1 + i % 4)));
    }
    for (int i = 0; i < count; i += 3) {
      String id = "doc-" + i;
      records.add(new ProducerRecord<>(topic, key(i), document(id, "tenant-" + i % 3, 2, 2 + i % 3)));
    }
    for (int i = 1; i < count; i += 7) {
      records.add(new ProducerRecord<>(topic, key(i), null));
    }
    return records;
  }

  /** The record key (tenant and id, ADR 16) of document i of a {@link #history}. */
  private static String key(int i) {
    return "tenant-" + i % 3 + "/doc-" + i;
  }
}
