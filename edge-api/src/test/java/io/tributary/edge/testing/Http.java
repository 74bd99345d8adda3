package io.tributary.edge.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.schemas.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

/** A JDK HTTP client aimed at one test server. */
public final class Http {

  private final HttpClient client = HttpClient.newHttpClient();
  private final int port;

  public Http(int port) {
    this.port = port;
  }

  public HttpRequest.Builder request(String pathAndQuery) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery));
  }

  public HttpResponse<String> send(HttpRequest.Builder request) {
    try {
      return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** GET with {@code Authorization: Bearer token} (no header when {@code token} is null). */
  public HttpResponse<String> get(String pathAndQuery, String token) {
    HttpRequest.Builder request = request(pathAndQuery).GET();
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return send(request);
  }

  public HttpResponse<String> search(String query, String token) {
    return get("/api/v1/search?top_k=10&q=" + URLEncoder.encode(query, StandardCharsets.UTF_8), token);
  }

  public static JsonNode json(HttpResponse<String> response) {
    try {
      return Json.mapper().readTree(response.body());
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + response.body(), e);
    }
  }
}
