package io.tributary.projections.testing;

import io.tributary.schemas.documents.EmbeddedChunk;
import io.tributary.schemas.documents.EmbeddedDocument;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * A corpus the size of a real documentation set for scale tests: {@code documents} multi-chunk
 * documents of {@code chunksEach} chunks, with synthetic vectors spread like real embeddings (so the
 * HNSW build does real work) and a few words per chunk for the keyword index. Seeded: every call
 * gives the same records.
 */
public final class ScaleCorpus {

  private static final String[] WORDS = {"kafka", "replay", "generation", "index", "vector", "chunk", "tenant",
      "offset", "switch", "search", "postgres", "stream", "topic", "schema", "batch", "lag"};

  private ScaleCorpus() {}

  /** The records on {@code topic}: one version of each document, tenants alternating over three. */
  public static List<ProducerRecord<String, EmbeddedDocument>> records(String topic, int documents, int chunksEach) {
    Random random = new Random(19);
    List<ProducerRecord<String, EmbeddedDocument>> records = new ArrayList<>(documents);
    for (int d = 0; d < documents; d++) {
      String id = "scale-" + d;
      List<EmbeddedChunk> chunks = new ArrayList<>(chunksEach);
      for (int c = 0; c < chunksEach; c++) {
        String text = "chunk " + c + " of " + id + " on " + WORDS[(d + c) % WORDS.length] + " and "
            + WORDS[(d * 7 + c * 3) % WORDS.length];
        chunks.add(Documents.chunk(c, text, Vectors.near(random, 0.2 + random.nextDouble())));
      }
      records.add(new ProducerRecord<>(topic, id, Documents.document(id, tenant(d), 1, chunks)));
    }
    return records;
  }

  /** The tenant of document {@code d}. */
  public static String tenant(int d) {
    return "tenant-" + d % 3;
  }
}
