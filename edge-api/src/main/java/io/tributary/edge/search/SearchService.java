package io.tributary.edge.search;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonRawValue;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.tributary.edge.http.JsonBodies;
import io.tributary.edge.http.JsonResponses;
import io.tributary.edge.tenancy.TenantResolver;
import io.tributary.projections.rag.DocumentFilters;
import java.time.Instant;

/** {@code /api/v1/search}: vector, keyword or hybrid search over the chunks of the caller's tenant. */
public final class SearchService implements HttpService {

  private final Searcher searcher;
  private final TenantResolver tenants;
  private final JsonBodies bodies;

  public SearchService(Searcher searcher, TenantResolver tenants, JsonBodies bodies) {
    this.searcher = requireNonNull(searcher, "searcher");
    this.tenants = requireNonNull(tenants, "tenants");
    this.bodies = requireNonNull(bodies, "bodies");
  }

  @Override
  public void routing(HttpRules rules) {
    rules.get("/", this::searchByQuery).post("/", this::searchByBody);
  }

  private void searchByQuery(ServerRequest request, ServerResponse response) {
    answer(request, response, SearchRequests.fromQuery(request.query()));
  }

  private void searchByBody(ServerRequest request, ServerResponse response) {
    answer(request, response, SearchRequests.fromBody(bodies.readObject(request)));
  }

  private void answer(ServerRequest request, ServerResponse response, SearchRequest search) {
    Searcher.Answer answer = searcher.search(tenants.tenantOf(request), search);
    response.header(HeaderNames.create("X-Cache"), answer.cached() ? "hit" : "miss");
    JsonResponses.send(response, 200, new SearchResponse(search.q(), search.mode().wireName(), search.topK(),
        search.minScore(), search.filters(), answer.model(), answer.freshness().generation(),
        answer.freshness().asOf(), answer.cached(), answer.hitsJson()));
    // After the response: the client does not wait for the cache write to be handed over.
    searcher.remember(answer);
  }

  /**
   * The search response body.
   *
   * @param generation the read-model generation the hits come from
   * @param asOf when the newest batch of the read model was applied (null before the first)
   * @param hits a JSON array of {@link SearchHit}, written as it is
   */
  record SearchResponse(String query, String mode, int topK, double minScore, DocumentFilters filters, String model,
      long generation, Instant asOf, boolean cached, @JsonRawValue String hits) {}
}
