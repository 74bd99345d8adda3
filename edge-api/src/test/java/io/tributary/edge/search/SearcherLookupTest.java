package io.tributary.edge.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.tributary.edge.cache.ResponseCache;
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
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** When a search embeds its query relative to its cache lookup, on real Redis and Postgres. */
@Tag("integration")
@ExtendWith({EmbeddedPostgresExtension.class, EmbeddedRedisExtension.class})
class SearcherLookupTest {

  /** Counts embeddings; fails every call while {@code down} is set. */
  private static final class CountingEmbedder implements Embedder {
    final AtomicInteger calls = new AtomicInteger();
    final AtomicBoolean down = new AtomicBoolean();

    @Override
    public String modelId() {
      return "counting";
    }

    @Override
    public int dimensions() {
      return 384;
    }

    @Override
    public List<float[]> embed(List<String> texts) {
      calls.incrementAndGet();
      if (down.get()) {
        throw new IllegalStateException("embedding service down");
      }
      float[] vector = new float[384];
      vector[0] = 1;
      return texts.stream().map(t -> vector.clone()).toList();
    }
  }

  private final CountingEmbedder embedder = new CountingEmbedder();
  private RedisClient client;
  private StatefulRedisConnection<String, String> redis;
  private Database database;
  private GuardedCalls postgres;
  private Searcher searcher;

  @BeforeEach
  void start(TestDatabase db, EmbeddedRedis embeddedRedis) {
    client = RedisClient.create(embeddedRedis.uri());
    redis = client.connect();
    database = new Database(db.jdbcUrl());
    Migrations.apply(database.dataSource());
    postgres = new GuardedCalls("the read model", Duration.ofSeconds(5));
    ResponseCache cache = new ResponseCache(redis, "lookup-test-" + UUID.randomUUID(), Duration.ofMinutes(1),
        Duration.ofMillis(500));
    searcher = new Searcher(embedder, new ChunkSearch(database.jdbi()),
        new FreshnessReader(database.jdbi(), GenerationSource.initial()), Duration.ZERO, cache, postgres,
        new SearchBulkhead(2, Duration.ofSeconds(1)));
  }

  @AfterEach
  void stop() {
    postgres.close();
    database.close();
    redis.close();
    client.shutdown();
  }

  private Searcher.Answer search(String q) {
    Searcher.Answer answer = searcher.search("acme", new SearchRequest(q, SearchMode.VECTOR, 5, -1, DocumentFilters.NONE));
    searcher.remember(answer);
    return answer;
  }

  @Test
  void shouldNotEmbedCachedQueriesWhileHitsAreTheRule() {
    assertThat(search("kettle").cached()).isFalse();
    assertThat(embedder.calls).hasValue(1);
    for (int i = 0; i < 20; i++) {
      assertThat(search("kettle").cached()).as("repeat %d", i).isTrue();
    }
    assertThat(embedder.calls).as("hits embed nothing").hasValue(1);
  }

  @Test
  void shouldEmbedOncePerMissAndStillServeHitsWhileMissesAreTheRule() {
    for (int i = 0; i < 30; i++) {
      assertThat(search("question " + i).cached()).isFalse();
    }
    assertThat(embedder.calls).as("one embedding per miss, early or not").hasValue(30);

    // Misses are now the rule: the repeat is embedded beside its lookup, and still answered from the cache.
    Searcher.Answer repeat = search("question 3");
    assertThat(repeat.cached()).isTrue();
    assertThat(repeat.hitsJson()).isEqualTo("[]");
    assertThat(embedder.calls).hasValue(31);
  }

  @Test
  void shouldServeACachedAnswerWhenTheEarlyEmbeddingFails() {
    for (int i = 0; i < 30; i++) {
      search("question " + i);
    }
    embedder.down.set(true);
    int before = embedder.calls.get();

    assertThat(search("question 7").cached()).as("cached, embedder down").isTrue();
    assertThat(embedder.calls.get()).as("the early embedding was tried").isEqualTo(before + 1);
    assertThatThrownBy(() -> search("never asked"))
        .isInstanceOf(IllegalStateException.class).hasMessage("embedding service down");
  }
}
