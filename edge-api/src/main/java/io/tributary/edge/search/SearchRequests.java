package io.tributary.edge.search;

import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.common.parameters.Parameters;
import io.tributary.edge.http.ApiException;
import io.tributary.edge.http.FieldProblem;
import io.tributary.edge.http.FilterParameters;
import io.tributary.projections.rag.DocumentFilters;
import io.tributary.projections.rag.SearchMode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Reads a {@link SearchRequest} from query parameters (GET) or a JSON body (POST) with the same
 * rules; every problem names its field and rule.
 */
final class SearchRequests {

  static final int DEFAULT_TOP_K = 10;
  static final int MAX_TOP_K = 100;
  static final int MAX_QUERY_CHARS = 2_000;

  private SearchRequests() {}

  /** From {@code ?q=&mode=&top_k=&min_score=&source=&metadata.<key>=&ingested_after=&ingested_before=}. */
  static SearchRequest fromQuery(Parameters query) {
    DocumentFilters filters = FilterParameters.fromQuery(query);
    return read(name -> FilterParameters.first(query, name), filters.metadata());
  }

  /** From a body {@code {q, mode, top_k, min_score, filters: {source, metadata, ingested_after, ingested_before}}}. */
  static SearchRequest fromBody(JsonNode body) {
    JsonNode filters = body.path("filters");
    List<FieldProblem> problems = new ArrayList<>();
    if (!filters.isMissingNode() && !filters.isObject()) {
      problems.add(new FieldProblem("filters", "must be an object"));
    }
    Map<String, String> metadata = new TreeMap<>();
    JsonNode meta = filters.path("metadata");
    if (!meta.isMissingNode() && !meta.isNull()) {
      if (!meta.isObject()) {
        problems.add(new FieldProblem("filters.metadata", "must be an object of string values"));
      } else {
        for (Iterator<Map.Entry<String, JsonNode>> it = meta.fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> entry = it.next();
          if (!entry.getValue().isTextual()) {
            problems.add(new FieldProblem("filters.metadata." + entry.getKey(), "must be a string"));
          } else {
            metadata.put(entry.getKey(), entry.getValue().asText());
          }
        }
      }
    }
    if (!problems.isEmpty()) {
      throw ApiException.validation(problems);
    }
    return read(name -> {
      JsonNode node = name.startsWith("filters.") ? filters.path(name.substring("filters.".length())) : body.path(name);
      return node.isMissingNode() || node.isNull() ? null : node.asText();
    }, metadata);
  }

  private static SearchRequest read(Function<String, String> param, Map<String, String> metadata) {
    String q = strip(param.apply("q"));
    SearchMode mode = mode(strip(param.apply("mode")));
    if (q == null || q.isEmpty()) {
      throw ApiException.badRequest("q", "is required and must not be blank");
    }
    if (q.length() > MAX_QUERY_CHARS) {
      throw ApiException.badRequest("q", "must be at most " + MAX_QUERY_CHARS + " characters");
    }
    int topK = topK(strip(param.apply("top_k")));
    double minScore = minScore(strip(param.apply("min_score")), mode);
    DocumentFilters filters = FilterParameters.of(firstNonNull(param.apply("source"), param.apply("filters.source")),
        metadata, firstNonNull(param.apply("ingested_after"), param.apply("filters.ingested_after")),
        firstNonNull(param.apply("ingested_before"), param.apply("filters.ingested_before")));
    return new SearchRequest(q, mode, topK, minScore, filters);
  }

  private static SearchMode mode(String raw) {
    if (raw == null || raw.isEmpty()) {
      return SearchMode.VECTOR;
    }
    return SearchMode.named(raw).orElseThrow(() -> ApiException.badRequest("mode", "must be one of vector, keyword, hybrid"));
  }

  private static int topK(String raw) {
    if (raw == null || raw.isEmpty()) {
      return DEFAULT_TOP_K;
    }
    try {
      int topK = Integer.parseInt(raw);
      if (topK >= 1 && topK <= MAX_TOP_K) {
        return topK;
      }
    } catch (NumberFormatException e) {
      // falls through to the same answer as an out-of-range number
    }
    throw ApiException.badRequest("top_k", "must be an integer between 1 and " + MAX_TOP_K);
  }

  private static double minScore(String raw, SearchMode mode) {
    if (raw == null || raw.isEmpty()) {
      return mode == SearchMode.VECTOR ? -1.0 : 0.0;
    }
    try {
      double minScore = Double.parseDouble(raw);
      if (mode == SearchMode.VECTOR && minScore >= -1.0 && minScore <= 1.0) {
        return minScore;
      }
      if (mode != SearchMode.VECTOR && minScore >= 0.0 && Double.isFinite(minScore)) {
        return minScore;
      }
    } catch (NumberFormatException e) {
      // falls through to the same answer as an out-of-range number
    }
    throw ApiException.badRequest("min_score", mode == SearchMode.VECTOR
        ? "must be a number between -1 and 1 (cosine similarity)"
        : "must be a finite number >= 0 (" + mode.wireName() + " score)");
  }


  private static String firstNonNull(String a, String b) {
    return a != null ? a : b;
  }

  private static String strip(String value) {
    return value == null ? null : value.strip();
  }
}
