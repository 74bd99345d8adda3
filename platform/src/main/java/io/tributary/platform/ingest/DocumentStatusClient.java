package io.tributary.platform.ingest;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.platform.UserError;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Asks a running API what became of one document ({@code GET /api/v1/documents/{id}}) with a
 * bearer token it never prints. A refused token is a {@link UserError}: one line, exit 2.
 */
public final class DocumentStatusClient {

  /** How long to back off when a 429 or 503 names no {@code Retry-After}. */
  static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(1);

  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http;
  private final URI api;
  private final String token;

  /** @param token a bearer token with {@code tributary.read}, or null for an API without auth */
  public DocumentStatusClient(HttpClient http, URI api, String token) {
    this.http = requireNonNull(http, "http");
    this.api = requireNonNull(api, "api");
    this.token = token;
  }

  /** What the API answered about one document. */
  public sealed interface Answer {}

  /** The API knows the document; {@code indexedHash} is null while nothing of it is indexed. */
  public record Known(String status, String indexedHash, int chunkCount, Failure failure) implements Answer {}

  /** Why the pipeline refused the latest version the API knows of. */
  public record Failure(String code, String message, Instant failedAt) {}

  /** The API does not know the document (404): nothing projected or refused yet. */
  public record Unknown() implements Answer {}

  /** The API asked us to slow down (429, or 503 while a dependency recovers). */
  public record Throttled(Duration retryAfter) implements Answer {}

  /** Asks about document {@code id}. */
  public Answer status(String id) throws InterruptedException {
    URI uri = api.resolve("/api/v1/documents/" + URLEncoder.encode(id, StandardCharsets.UTF_8));
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).GET();
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    HttpResponse<String> response;
    try {
      response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UserError("cannot reach the API at " + api + ": " + e);
    }
    return switch (response.statusCode()) {
      case 200 -> known(response.body());
      case 404 -> new Unknown();
      case 429, 503 -> new Throttled(retryAfter(response).orElse(DEFAULT_RETRY_AFTER));
      case 401 -> throw new UserError("the API at " + api + " refused the token (401): missing, invalid or expired;"
          + " give one with --token or TRIBUTARY_TOKEN");
      case 403 -> throw new UserError("the API at " + api + " refused the token (403): it lacks the role tributary.read");
      default -> throw new IllegalStateException(uri + " answered " + response.statusCode() + ": "
          + response.body().substring(0, Math.min(200, response.body().length())));
    };
  }

  private static Known known(String body) {
    try {
      JsonNode status = JSON.readTree(body);
      JsonNode document = status.path("document");
      JsonNode failure = status.path("failure");
      return new Known(status.path("status").asText(), document.path("content_hash").asText(null),
          document.path("chunk_count").asInt(0),
          failure.isObject() ? new Failure(failure.path("code").asText(), failure.path("message").asText(),
              instant(failure.path("failed_at").asText(null))) : null);
    } catch (IOException e) {
      throw new UncheckedIOException("the API's document status is not JSON", e);
    }
  }

  private static Instant instant(String text) {
    return text == null ? null : Instant.parse(text);
  }

  /** {@code Retry-After} as seconds or an HTTP date; empty when absent or unreadable. */
  static Optional<Duration> retryAfter(HttpResponse<?> response) {
    return response.headers().firstValue("Retry-After").flatMap(value -> {
      try {
        return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(value.strip()))));
      } catch (NumberFormatException notSeconds) {
        try {
          Instant at = ZonedDateTime.parse(value.strip(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
          Duration until = Duration.between(Instant.now(), at);
          return Optional.of(until.isNegative() ? Duration.ZERO : until);
        } catch (DateTimeParseException notDate) {
          return Optional.empty();
        }
      }
    });
  }
}
