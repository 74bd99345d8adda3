package io.tributary.platform.fault;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.tributary.schemas.json.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * An OpenAI-compatible embeddings service on 127.0.0.1 ({@code POST /v1/embeddings}) that answers
 * each input with a vector drawn from a seed taken from its text: the same text always gets the
 * same vector. The roles reach it through their production provider ({@code TRIBUTARY_EMBEDDER=openai}),
 * so a fault test spends its CPU on brokers and roles, not on a model. It is never killed.
 */
final class StubEmbeddings implements AutoCloseable {

  static final String MODEL = "stub-embeddings-384";
  static final int DIMENSIONS = 384;

  private final HttpServer server;
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

  StubEmbeddings() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(executor);
    server.createContext("/v1/embeddings", this::handle);
    server.start();
  }

  /** The base URL up to {@code /v1}, as {@code TRIBUTARY_EMBEDDINGS_BASE_URL} takes it. */
  String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      JsonNode input = Json.mapper().readTree(exchange.getRequestBody().readAllBytes()).path("input");
      StringBuilder body = new StringBuilder(input.size() * DIMENSIONS * 12).append("{\"data\":[");
      for (int i = 0; i < input.size(); i++) {
        body.append(i == 0 ? "" : ",").append("{\"object\":\"embedding\",\"index\":").append(i).append(",\"embedding\":[");
        Random random = new Random(input.get(i).asText().hashCode());
        for (int d = 0; d < DIMENSIONS; d++) {
          body.append(d == 0 ? "" : ",").append((float) random.nextGaussian());
        }
        body.append("]}");
      }
      body.append("],\"model\":\"").append(MODEL).append("\"}");
      byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
