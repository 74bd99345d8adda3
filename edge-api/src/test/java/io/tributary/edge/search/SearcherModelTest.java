package io.tributary.edge.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.tributary.edge.cache.ResponseCache;
import io.tributary.edge.http.ApiException;
import io.tributary.edge.resilience.GuardedCalls;
import io.tributary.edge.resilience.SearchBulkhead;
import io.tributary.embedded.EmbeddedRedis;
import io.tributary.embedded.testing.EmbeddedPostgresExtension;
import io.tributary.embedded.testing.EmbeddedRedisExtension;
import io.tributary.embedded.testing.TestDatabase;
import io.tributary.projections.db.Database;
import io.tributary.projections.db.Migrations;
import io.tributary.projections.freshness.FreshnessReader;
import io.tributary.projections.freshness.GenerationSource;
import io.tributary.projections.rag.ChunkSearch;
import io.tributary.projections.rag.DocumentFilters;
import io.tributary.projections.rag.SearchMode;
import io.tributary.embedding.Embedder;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A query vector is never compared with chunk vectors of another model (ADR 12). */
@Tag("integration")
@ExtendWith({EmbeddedPostgresExtension.class, EmbeddedRedisExtension.class})
class SearcherModelTest {

  /** A fixed unit vector under a given model id: enough to reach the read model. */
  private record FixedEmbedder(String modelId) implements Embedder {
    @Override
    public int dimensions() {
      return 384;
    }

    @Override
    public List<float[]> embed(List<String> texts) {
      float[] vector = new float[384];
      vector[0] = 1;
      return texts.stream().map(t -> vector.clone()).toList();
    }
  }

  @Test
  void shouldEmbedQueriesWithTheLiveGenerationsModelOrRefuse(TestDatabase db,
      EmbeddedRedis embeddedRedis) {
    RedisClient client = RedisClient.create(embeddedRedis.uri());
    try (Database database = new Database(db.jdbcUrl());
        StatefulRedisConnection<String, String> redis = client.connect();
        GuardedCalls postgres = new GuardedCalls("the read model", Duration.ofSeconds(5))) {
      Migrations.apply(database.dataSource());
      GenerationSource rolled = new GenerationSource() {
        @Override
        public long liveGeneration(String projection) {
          return 2;
        }

        @Override
        public String liveModel(String projection) {
          return "new-model";
        }
      };
      ResponseCache cache = new ResponseCache(redis, "model-test-" + UUID.randomUUID(), Duration.ofMinutes(1),
          Duration.ofMillis(500));
      Searcher old = new Searcher(new FixedEmbedder("old-model"), new ChunkSearch(database.jdbi()),
          new FreshnessReader(database.jdbi(), rolled), Duration.ZERO, cache, postgres,
          new SearchBulkhead(2, Duration.ofSeconds(1)));
      Searcher current = new Searcher(new FixedEmbedder("new-model"), new ChunkSearch(database.jdbi()),
          new FreshnessReader(database.jdbi(), rolled), Duration.ZERO, cache, postgres,
          new SearchBulkhead(2, Duration.ofSeconds(1)));

      for (SearchMode mode : List.of(SearchMode.VECTOR, SearchMode.HYBRID)) {
        assertThatThrownBy(() -> old.search("acme", new SearchRequest("kettle", mode, 5, -1, DocumentFilters.NONE)))
            .isInstanceOfSatisfying(ApiException.class, e -> {
              assertThat(e.status()).isEqualTo(503);
              assertThat(e.code()).isEqualTo("EMBEDDING_MODEL_MISMATCH");
            })
            .hasMessageContaining("new-model").hasMessageContaining("old-model");
      }
      assertThat(old.search("acme", new SearchRequest("kettle", SearchMode.KEYWORD, 5, -1, DocumentFilters.NONE))
          .hitsJson()).isEqualTo("[]");
      assertThat(current.search("acme", new SearchRequest("kettle", SearchMode.VECTOR, 5, -1, DocumentFilters.NONE))
          .hitsJson()).isEqualTo("[]");

      // An API that can open the live model follows the roll: its queries use the new model.
      Embedder newModel = new FixedEmbedder("new-model");
      Searcher following = new Searcher(new FixedEmbedder("old-model"),
          model -> model == null || model.equals("old-model") ? new FixedEmbedder("old-model") : newModel,
          new ChunkSearch(database.jdbi()), new FreshnessReader(database.jdbi(), rolled), Duration.ZERO, cache,
          postgres, new SearchBulkhead(2, Duration.ofSeconds(1)));
      assertThat(following.search("acme", new SearchRequest("kettle", SearchMode.VECTOR, 5, -1, DocumentFilters.NONE))
          .model()).isEqualTo("new-model");
    } finally {
      client.shutdown();
    }
  }
}
