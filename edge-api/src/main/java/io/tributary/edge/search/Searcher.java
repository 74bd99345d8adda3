package io.tributary.edge.search;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.tributary.edge.cache.CacheKeys;
import io.tributary.edge.cache.ResponseCache;
import io.tributary.edge.resilience.GuardedCalls;
import io.tributary.edge.resilience.SearchBulkhead;
import io.tributary.projections.freshness.Freshness;
import io.tributary.projections.freshness.FreshnessReader;
import io.tributary.projections.rag.ChunkQuery;
import io.tributary.projections.rag.ChunkSearch;
import io.tributary.projections.rag.RagProjection;
import io.tributary.schemas.json.Json;
import io.tributary.embedding.Embedder;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Answers a search from the cache when the read model has not changed since the answer was stored,
 * otherwise from Postgres, and stores the answer. Postgres calls run under their time limit and
 * breaker; the whole search runs inside the search bulkhead.
 */
public final class Searcher {

  /**
   * The kind of a cached search: its value is the hits as a JSON array, spliced into responses as
   * it is. Rename it when {@link SearchHit} changes, so entries of an older build are never read.
   */
  static final String CACHE_KIND = "search-hits";

  private final Embedder embedder;
  private final QueryEmbedders embedders;
  private final ChunkSearch chunks;
  private final FreshnessMemo freshness;
  private final ResponseCache cache;
  private final GuardedCalls postgres;
  private final SearchBulkhead bulkhead;
  private final MissForecast misses = new MissForecast();

  /**
   * @param freshnessMaxAge how long a freshness read is reused (zero: read it for every search); a
   *     projection write reaches cached answers at most this much later
   */
  public Searcher(Embedder embedder, ChunkSearch chunks, FreshnessReader freshness, Duration freshnessMaxAge,
      ResponseCache cache, GuardedCalls postgres, SearchBulkhead bulkhead) {
    this(embedder, QueryEmbedders.only(embedder), chunks, freshness, freshnessMaxAge, cache, postgres, bulkhead);
  }

  /**
   * A searcher that embeds each query with {@code embedders}' embedder of the live generation's
   * model; {@code embedder} is the configured one, reported as {@link #modelId()}.
   */
  public Searcher(Embedder embedder, QueryEmbedders embedders, ChunkSearch chunks, FreshnessReader freshness,
      Duration freshnessMaxAge, ResponseCache cache, GuardedCalls postgres, SearchBulkhead bulkhead) {
    this.embedder = requireNonNull(embedder, "embedder");
    this.embedders = requireNonNull(embedders, "embedders");
    this.chunks = requireNonNull(chunks, "chunks");
    requireNonNull(freshness, "freshness");
    this.freshness = new FreshnessMemo(() -> postgres.call(() -> freshness.read(RagProjection.NAME)),
        freshnessMaxAge);
    this.cache = requireNonNull(cache, "cache");
    this.postgres = requireNonNull(postgres, "postgres");
    this.bulkhead = requireNonNull(bulkhead, "bulkhead");
  }

  /** The configured embedding model (queries use the live generation's, see {@link Answer#model()}). */
  public String modelId() {
    return embedder.modelId();
  }

  /** Searches the read model of {@code tenant}. */
  public Answer search(String tenant, SearchRequest request) {
    requireNonNull(tenant, "tenant");
    return bulkhead.run(() -> {
      Freshness state = freshness.current();
      // Never compare a query vector of one model with chunk vectors of another (ADR 12).
      Embedder model = request.mode().usesVector() ? embedders.forModel(state.model()) : embedder;
      String key = CacheKeys.of(CACHE_KIND, tenant, state.generation(), state.position(),
          json(List.of(model.modelId(), request)));
      ResponseCache.Lookup lookup = cache.lookup(key);
      // While misses are the rule, the query is embedded as Redis answers, not after; a hit then
      // waits for the embedding, which is why this follows the recent misses (MissForecast).
      boolean usesVector = request.mode().usesVector();
      float[] vector = null;
      RuntimeException embeddingFailure = null;
      if (usesVector && misses.expectMiss()) {
        try {
          vector = embed(model, request);
        } catch (RuntimeException e) {
          // A cached answer needs no embedder: look before failing.
          embeddingFailure = e;
        }
      }
      Optional<String> cached = lookup.await().filter(Searcher::isHitArray);
      misses.record(cached.isPresent());
      if (cached.isPresent()) {
        // Served as stored: no parse and re-serialisation on the hot path.
        return new Answer(cached.get(), state, true, key, model.modelId());
      }
      if (embeddingFailure != null) {
        throw embeddingFailure;
      }
      if (usesVector && vector == null) {
        vector = embed(model, request);
      }
      ChunkQuery query = new ChunkQuery(tenant, request.mode(), request.q(), vector, request.topK(),
          request.minScore(), request.filters());
      List<SearchHit> hits = postgres.call(() -> chunks.search(query)).stream().map(SearchHit::of).toList();
      return new Answer(json(hits), state, false, key, model.modelId());
    });
  }

  private static float[] embed(Embedder model, SearchRequest request) {
    return model.embed(List.of(request.q())).getFirst();
  }

  /**
   * Stores a computed answer in the cache. Called once the response is sent: the write is
   * already asynchronous, but handing it to Redis's I/O thread still costs the request a wake-up.
   */
  public void remember(Answer answer) {
    if (!answer.cached()) {
      cache.put(answer.cacheKey(), answer.hitsJson());
    }
  }

  private static boolean isHitArray(String value) {
    return !value.isEmpty() && value.charAt(0) == '[';
  }

  private static String json(Object value) {
    try {
      return Json.mapper().writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise " + value.getClass().getSimpleName(), e);
    }
  }

  /**
   * Hits with the read-model state they were computed at, whether they came from the cache, and the query's model.
   *
   * @param hitsJson the hits as a JSON array of {@link SearchHit}
   * @param cacheKey where the answer is or will be cached
   */
  public record Answer(String hitsJson, Freshness freshness, boolean cached, String cacheKey, String model) {}
}
