package io.tributary.bench.query;

import com.pgvector.PGvector;
import io.tributary.projections.db.Database;
import io.tributary.embedding.Embedder;
import java.util.List;
import java.util.Random;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * Loads {@code n} chunks of one tenant into a migrated bench database the way a replay should:
 * rows first, HNSW index after. The first {@code realLimit} chunks get real MiniLM embeddings of
 * their text; beyond that, vectors are mixes of two real ones plus noise (re-normalised), because
 * embedding 100k chunks takes longer than a benchmark should.
 */
final class BenchLoader {

  // The bench's database is freshly migrated, so its live generation is the first; rows go in
  // through the rag.* views, index work needs the generation's own tables.
  private static final String LIVE = "rag_g1";


  static final int CHUNKS_PER_DOCUMENT = 10;
  private static final int EMBED_BATCH = 64;

  private final Database database;
  private final Embedder embedder;
  private final String tenant;

  BenchLoader(Database database, Embedder embedder, String tenant) {
    this.database = database;
    this.embedder = embedder;
    this.tenant = tenant;
  }

  /** Loads {@code n} chunks; returns how many have real embeddings. */
  int load(int n, int realLimit, QueryCorpus corpus, List<float[]> realPool) {
    List<String> texts = corpus.chunks(n);
    int real = Math.min(n, realLimit);
    while (realPool.size() < real) {
      int from = realPool.size();
      realPool.addAll(embedder.embed(texts.subList(from, Math.min(real, from + EMBED_BATCH))));
    }
    Random random = new Random(n);
    database.jdbi().useHandle(h -> h.execute("DROP INDEX IF EXISTS " + LIVE + ".chunks_embedding_hnsw_idx"));
    for (int start = 0; start < n; start += CHUNKS_PER_DOCUMENT * 100) {
      int end = Math.min(n, start + CHUNKS_PER_DOCUMENT * 100);
      int from = start;
      database.jdbi().useTransaction(h -> {
        PreparedBatch documents = h.prepareBatch("INSERT INTO rag.documents (document_id, tenant, version,"
            + " content_hash, title, source, content_type, model, dimensions, chunk_count, submitted_at)"
            + " VALUES (:id, :tenant, 1, 'bench', :title, 'bench', 'text/plain', :model, :dims, :count, now())");
        for (int d = from; d < end; d += CHUNKS_PER_DOCUMENT) {
          documents.bind("id", "bench-" + d / CHUNKS_PER_DOCUMENT).bind("tenant", tenant)
              .bind("title", "Bench document " + d / CHUNKS_PER_DOCUMENT).bind("model", embedder.modelId())
              .bind("dims", embedder.dimensions()).bind("count", Math.min(CHUNKS_PER_DOCUMENT, end - d)).add();
        }
        documents.execute();
        PreparedBatch chunks = h.prepareBatch("INSERT INTO rag.chunks (document_id, chunk_index, tenant, text,"
            + " char_start, char_end, embedding) VALUES (:id, :index, :tenant, :text, 0, :end, :embedding)");
        for (int i = from; i < end; i++) {
          float[] vector = i < real ? realPool.get(i) : mix(realPool, real, random);
          chunks.bind("id", "bench-" + i / CHUNKS_PER_DOCUMENT).bind("index", i % CHUNKS_PER_DOCUMENT)
              .bind("tenant", tenant).bind("text", texts.get(i)).bind("end", texts.get(i).length())
              .bind("embedding", new PGvector(vector)).add();
        }
        chunks.execute();
      });
    }
    database.jdbi().useHandle(h -> {
      h.execute("SET maintenance_work_mem = '512MB'");
      // Same definition as the V1 migration.
      h.execute("CREATE INDEX chunks_embedding_hnsw_idx ON " + LIVE + ".chunks USING hnsw (embedding vector_cosine_ops)");
      h.execute("ANALYZE " + LIVE + ".chunks");
      h.execute("ANALYZE " + LIVE + ".documents");
    });
    return real;
  }

  private static float[] mix(List<float[]> pool, int real, Random random) {
    float[] a = pool.get(random.nextInt(real));
    float[] b = pool.get(random.nextInt(real));
    float[] v = new float[a.length];
    double norm = 0;
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) (0.7 * a[i] + 0.3 * b[i] + 0.02 * random.nextGaussian());
      norm += v[i] * v[i];
    }
    float scale = (float) (1 / Math.sqrt(norm));
    for (int i = 0; i < v.length; i++) {
      v[i] *= scale;
    }
    return v;
  }
}
