package io.tributary.streams.embedding;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.time.Duration;

/**
 * Settings of an OpenAI-compatible embeddings service ({@code POST <baseUrl>/embeddings}).
 *
 * @param baseUrl e.g. {@code https://api.openai.com/v1} or a local server's {@code /v1}
 * @param model the model name sent with every request; also the model id stored with vectors
 * @param dimensions length of the vectors; sent as {@code dimensions} and checked on every answer
 * @param apiKey bearer token, {@code null} for servers without authentication; from the
 *     environment only, never logged
 * @param batchSize texts per request at most
 * @param timeout per request
 * @param maxAttempts attempts per batch, retries included, before the failure propagates
 * @param initialBackoff first wait between attempts, doubling per attempt (unless the server
 *     says Retry-After)
 */
public record OpenAiSettings(
    URI baseUrl,
    String model,
    int dimensions,
    String apiKey,
    int batchSize,
    Duration timeout,
    int maxAttempts,
    Duration initialBackoff) {

  public OpenAiSettings {
    requireNonNull(baseUrl, "baseUrl");
    requireNonNull(model, "model");
    requireNonNull(timeout, "timeout");
    requireNonNull(initialBackoff, "initialBackoff");
    if (model.isBlank() || dimensions < 1 || batchSize < 1 || maxAttempts < 1) {
      throw new IllegalArgumentException("model must be set; dimensions, batchSize and maxAttempts must be >= 1");
    }
  }

  @Override
  public String toString() {
    // The key never reaches a log line through this record.
    return "OpenAiSettings[baseUrl=" + baseUrl + ", model=" + model + ", dimensions=" + dimensions
        + ", apiKey=" + (apiKey == null ? "none" : "***") + ", batchSize=" + batchSize + "]";
  }
}
