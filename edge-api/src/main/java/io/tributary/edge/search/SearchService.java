package io.tributary.edge.search;

import static java.util.Objects.requireNonNull;

import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.tributary.edge.http.ApiException;
import io.tributary.edge.http.JsonResponses;
import io.tributary.edge.tenancy.TenantResolver;
import io.tributary.projections.rag.ChunkHit;
import io.tributary.projections.rag.RagSearch;
import io.tributary.streams.embedding.Embedder;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code /api/v1/search}: semantic search over the chunks of the caller's tenant. */
public final class SearchService implements HttpService {

  private static final Logger log = LoggerFactory.getLogger(SearchService.class);

  static final int DEFAULT_TOP_K = 10;
  static final int MAX_TOP_K = 100;
  static final int MAX_QUERY_CHARS = 2_000;

  private final Embedder embedder;
  private final RagSearch search;
  private final TenantResolver tenants;

  public SearchService(Embedder embedder, RagSearch search, TenantResolver tenants) {
    this.embedder = requireNonNull(embedder, "embedder");
    this.search = requireNonNull(search, "search");
    this.tenants = requireNonNull(tenants, "tenants");
  }

  @Override
  public void routing(HttpRules rules) {
    rules.get("/", this::search);
  }

  private void search(ServerRequest request, ServerResponse response) {
    String query = request.query().first("q").map(String::strip).orElse("");
    if (query.isEmpty()) {
      throw ApiException.badRequest("q", "is required and must not be blank");
    }
    if (query.length() > MAX_QUERY_CHARS) {
      throw ApiException.badRequest("q", "must be at most " + MAX_QUERY_CHARS + " characters");
    }
    int topK = topK(request);
    double minScore = minScore(request);
    String tenant = tenants.tenantOf(request);

    float[] vector = embedder.embed(List.of(query)).getFirst();
    List<ChunkHit> hits;
    try {
      hits = search.vectorSearch(tenant, vector, topK);
    } catch (RuntimeException e) {
      log.warn("search failed against the read model: {}", e.getClass().getSimpleName());
      throw ApiException.unavailable("the search read model");
    }
    JsonResponses.send(response, 200, new SearchResponse(query, topK, minScore, "vector", embedder.modelId(),
        hits.stream().filter(hit -> hit.similarity() >= minScore).map(SearchHit::of).toList()));
  }

  private static int topK(ServerRequest request) {
    String raw = request.query().first("top_k").orElse(null);
    if (raw == null || raw.isBlank()) {
      return DEFAULT_TOP_K;
    }
    try {
      int topK = Integer.parseInt(raw.strip());
      if (topK >= 1 && topK <= MAX_TOP_K) {
        return topK;
      }
    } catch (NumberFormatException e) {
      // falls through to the same answer as an out-of-range number
    }
    throw ApiException.badRequest("top_k", "must be an integer between 1 and " + MAX_TOP_K);
  }

  private static double minScore(ServerRequest request) {
    String raw = request.query().first("min_score").orElse(null);
    if (raw == null || raw.isBlank()) {
      return -1.0;
    }
    try {
      double minScore = Double.parseDouble(raw.strip());
      if (minScore >= -1.0 && minScore <= 1.0) {
        return minScore;
      }
    } catch (NumberFormatException e) {
      // falls through to the same answer as an out-of-range number
    }
    throw ApiException.badRequest("min_score", "must be a number between -1 and 1 (cosine similarity)");
  }

  /** The search response body. */
  record SearchResponse(String query, int topK, double minScore, String mode, String model, List<SearchHit> hits) {}

  /** One hit as the API shows it. */
  record SearchHit(String documentId, String title, String source, int chunkIndex, String text,
      List<String> headingPath, int charStart, int charEnd, double similarity) {

    static SearchHit of(ChunkHit hit) {
      return new SearchHit(hit.documentId(), hit.title(), hit.source(), hit.chunkIndex(), hit.text(),
          hit.headingPath(), hit.charStart(), hit.charEnd(), hit.similarity());
    }
  }
}
