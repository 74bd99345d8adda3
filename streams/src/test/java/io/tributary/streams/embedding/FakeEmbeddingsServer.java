package io.tributary.streams.embedding;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.tributary.schemas.json.Json;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * An in-process server on 127.0.0.1 that speaks the OpenAI embeddings API: answers {@code POST
 * /v1/embeddings} with one deterministic vector per input (in reverse index order, as the API
 * allows), or with scripted failures first. Records every request.
 */
final class FakeEmbeddingsServer implements AutoCloseable {

  /** A scripted failure: status and optional Retry-After seconds. */
  record Failure(int status, String retryAfter) {}

  private final HttpServer server;
  private final Deque<Failure> failures = new ArrayDeque<>();
  private final List<JsonNode> requests = new ArrayList<>();
  private final List<String> authorizations = new ArrayList<>();
  private int dimensionsServed;

  FakeEmbeddingsServer(int dimensions) throws IOException {
    this.dimensionsServed = dimensions;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/v1/embeddings", this::handle);
    server.start();
  }

  URI baseUrl() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v1");
  }

  synchronized void failNext(int status, String retryAfter) {
    failures.add(new Failure(status, retryAfter));
  }

  synchronized void serveDimensions(int dimensions) {
    dimensionsServed = dimensions;
  }

  synchronized List<JsonNode> requests() {
    return List.copyOf(requests);
  }

  synchronized List<String> authorizations() {
    return List.copyOf(authorizations);
  }

  /** The vector the server gives {@code text}: a function of its characters, not normalised. */
  static float[] vectorOf(String text, int dimensions) {
    float[] vector = new float[dimensions];
    for (int i = 0; i < text.length(); i++) {
      vector[i % dimensions] += text.charAt(i);
    }
    return vector;
  }

  private synchronized void handle(HttpExchange exchange) throws IOException {
    JsonNode request = Json.mapper().readTree(exchange.getRequestBody().readAllBytes());
    requests.add(request);
    authorizations.add(exchange.getRequestHeaders().getFirst("Authorization"));
    Failure failure = failures.poll();
    if (failure != null) {
      if (failure.retryAfter() != null) {
        exchange.getResponseHeaders().add("Retry-After", failure.retryAfter());
      }
      respond(exchange, failure.status(), "{\"error\":{\"message\":\"scripted\"}}");
      return;
    }
    ObjectNode body = Json.mapper().createObjectNode();
    ArrayNode data = body.putArray("data");
    JsonNode input = request.path("input");
    for (int i = input.size() - 1; i >= 0; i--) {
      ObjectNode item = data.addObject();
      item.put("object", "embedding");
      item.put("index", i);
      ArrayNode embedding = item.putArray("embedding");
      for (float v : vectorOf(input.get(i).asText(), dimensionsServed)) {
        embedding.add(v);
      }
    }
    body.put("model", request.path("model").asText());
    respond(exchange, 200, body.toString());
  }

  private static void respond(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
