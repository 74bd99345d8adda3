package io.tributary.platform.eval;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Asks a running API ({@code POST /api/v1/search}) in one mode; documents are named by their
 * source, as {@code tributary ingest} recorded it. The corpus must already be ingested.
 */
public final class ApiRetriever implements Retriever {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http;
  private final URI search;
  private final String token;
  private final String mode;

  /** @param token a bearer token with {@code tributary.read}, or null for an API without auth */
  public ApiRetriever(HttpClient http, URI api, String token, String mode) {
    this.http = requireNonNull(http, "http");
    this.search = requireNonNull(api, "api").resolve("/api/v1/search");
    this.token = token;
    this.mode = requireNonNull(mode, "mode");
  }

  @Override
  public String name() {
    return "api " + mode;
  }

  @Override
  public List<String> rank(String question, int documents) {
    try {
      String body = JSON.writeValueAsString(Map.of("q", question, "mode", mode, "top_k", InProcessIndex.CHUNK_DEPTH));
      HttpRequest.Builder request = HttpRequest.newBuilder(search).timeout(Duration.ofSeconds(30))
          .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
      if (token != null) {
        request.header("Authorization", "Bearer " + token);
      }
      HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IllegalStateException(search + " answered " + response.statusCode() + ": "
            + response.body().substring(0, Math.min(200, response.body().length())));
      }
      List<String> names = new ArrayList<>();
      for (JsonNode hit : JSON.readTree(response.body()).path("hits")) {
        names.add(CorpusDocument.nameOf(hit.path("source").asText(null)));
      }
      return DistinctDocuments.of(names, documents);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot reach " + search, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
