package io.tributary.dev;

import io.tributary.schemas.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/** Asks the running API, as a user would, until a search returns hits. */
public final class SearchProbe {

  private final String apiBase;
  private final String token;
  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  /** Probes {@code apiBase} with bearer {@code token}. */
  public SearchProbe(String apiBase, String token) {
    this.apiBase = apiBase;
    this.token = token;
  }

  /** Waits up to {@code timeout} for hits; returns how long it took, or empty on timeout. */
  public Optional<Duration> awaitHits(String query, Duration timeout) {
    long start = System.nanoTime();
    long deadline = start + timeout.toNanos();
    URI uri = URI.create(apiBase + "/api/v1/search?top_k=1&q=" + URLEncoder.encode(query, StandardCharsets.UTF_8));
    while (System.nanoTime() < deadline) {
      try {
        HttpResponse<byte[]> response = client.send(
            HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5))
                .header("Authorization", "Bearer " + token).GET().build(),
            HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() == 200 && Json.mapper().readTree(response.body()).path("hits").size() > 0) {
          return Optional.of(Duration.ofNanos(System.nanoTime() - start));
        }
        Thread.sleep(250);
      } catch (IOException e) {
        sleepQuietly();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return Optional.empty();
      }
    }
    return Optional.empty();
  }

  private static void sleepQuietly() {
    try {
      Thread.sleep(250);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
