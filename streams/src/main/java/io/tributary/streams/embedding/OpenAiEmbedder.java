package io.tributary.streams.embedding;

import io.tributary.embedding.Embedder;
import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.retry.Retry;
import io.tributary.schemas.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * An {@link Embedder} over an OpenAI-compatible embeddings API. Texts go in batches of at most
 * {@code batchSize}; each batch is retried on 429, 5xx and I/O failures with exponential backoff,
 * or after exactly the server's {@code Retry-After}; a circuit breaker stops calling a service
 * that keeps failing, so an outage costs one fast failure per call instead of a timeout. Vectors
 * are checked for the configured dimensions and L2-normalised. Thread-safe.
 */
public final class OpenAiEmbedder implements Embedder {

  private final OpenAiSettings settings;
  private final HttpClient http;
  private final URI endpoint;
  private final Retry retry;
  private final CircuitBreaker breaker;

  public OpenAiEmbedder(OpenAiSettings settings) {
    this(settings, ResilienceProfiles.EMBEDDINGS_API);
  }

  /** With a given circuit breaker configuration (tests shorten its open state). */
  public OpenAiEmbedder(OpenAiSettings settings, CircuitBreakerConfig breakerConfig) {
    this.settings = requireNonNull(settings, "settings");
    this.http = HttpClient.newBuilder().connectTimeout(settings.timeout()).build();
    String base = settings.baseUrl().toString();
    this.endpoint = URI.create((base.endsWith("/") ? base : base + "/") + "embeddings");
    this.retry = Retry.of("embeddings", ResilienceProfiles.embeddingsRetry(settings));
    this.breaker = CircuitBreaker.of("embeddings", breakerConfig);
  }

  @Override
  public String modelId() {
    return settings.model();
  }

  @Override
  public String provider() {
    return "openai";
  }

  @Override
  public int dimensions() {
    return settings.dimensions();
  }

  /** The circuit breaker's state, for health checks and tests. */
  public CircuitBreaker.State circuitState() {
    return breaker.getState();
  }

  @Override
  public List<float[]> embed(List<String> texts) {
    requireNonNull(texts, "texts");
    List<float[]> vectors = new ArrayList<>(texts.size());
    for (int from = 0; from < texts.size(); from += settings.batchSize()) {
      List<String> batch = texts.subList(from, Math.min(texts.size(), from + settings.batchSize()));
      // The breaker sees each attempt, the retry wraps them: an open breaker is not retried here.
      vectors.addAll(retry.executeSupplier(() -> breaker.executeSupplier(() -> request(batch))));
    }
    return vectors;
  }

  private List<float[]> request(List<String> batch) {
    ObjectNode body = Json.mapper().createObjectNode();
    body.put("model", settings.model());
    body.put("dimensions", settings.dimensions());
    body.put("encoding_format", "float");
    batch.forEach(body.putArray("input")::add);
    HttpRequest.Builder request = HttpRequest.newBuilder(endpoint)
        .timeout(settings.timeout())
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
    if (settings.apiKey() != null && !settings.apiKey().isBlank()) {
      request.header("Authorization", "Bearer " + settings.apiKey());
    }
    HttpResponse<String> response;
    try {
      response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new EmbeddingServiceException("embeddings request to " + endpoint + " failed: " + e, 0, true, null, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EmbeddingServiceException("interrupted while embedding", 0, false, null, e);
    }
    int status = response.statusCode();
    if (status != 200) {
      boolean retryable = status == 429 || status == 408 || status >= 500;
      // The body may echo input text: status and endpoint only.
      throw new EmbeddingServiceException(
          "embeddings service " + endpoint + " answered HTTP " + status, status, retryable, retryAfter(response), null);
    }
    return vectors(response.body(), batch.size());
  }

  private List<float[]> vectors(String body, int expected) {
    JsonNode data;
    try {
      data = Json.mapper().readTree(body).path("data");
    } catch (IOException e) {
      throw new EmbeddingServiceException("embeddings service sent malformed JSON", 200, true, null, e);
    }
    if (!data.isArray() || data.size() != expected) {
      throw new EmbeddingServiceException(
          "embeddings service returned " + data.size() + " vectors for " + expected + " texts", 200, false, null, null);
    }
    float[][] vectors = new float[expected][];
    for (JsonNode item : data) {
      int index = item.path("index").asInt(-1);
      JsonNode embedding = item.path("embedding");
      if (index < 0 || index >= expected || embedding.size() != settings.dimensions()) {
        throw new EmbeddingServiceException("embeddings service returned a vector of " + embedding.size()
            + " dimensions at index " + index + ", expected " + settings.dimensions(), 200, false, null, null);
      }
      float[] vector = new float[embedding.size()];
      for (int i = 0; i < vector.length; i++) {
        vector[i] = (float) embedding.get(i).asDouble();
      }
      vectors[index] = normalised(vector);
    }
    return List.of(vectors);
  }

  private static float[] normalised(float[] vector) {
    double norm = 0;
    for (float v : vector) {
      norm += v * v;
    }
    norm = Math.sqrt(norm);
    if (norm > 0) {
      for (int i = 0; i < vector.length; i++) {
        vector[i] = (float) (vector[i] / norm);
      }
    }
    return vector;
  }

  private static Duration retryAfter(HttpResponse<?> response) {
    return response.headers().firstValue("Retry-After").flatMap(value -> {
      try {
        return java.util.Optional.of(Duration.ofSeconds(Long.parseLong(value.strip())));
      } catch (NumberFormatException e) {
        // An HTTP date: rare from embedding services; fall back to our own backoff.
        return java.util.Optional.empty();
      }
    }).orElse(null);
  }
}
