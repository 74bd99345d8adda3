package io.tributary.platform.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.tributary.platform.UserError;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code ingest --wait --api}: the wait asks a fake API over a real socket, which answers each
 * document's status from a script; pauses are recorded, not slept.
 */
class ApiSearchableWaitTest {

  private static final String HASH_A = "a".repeat(64);
  private static final String HASH_B = "b".repeat(64);
  private static final Instant SUBMITTED = Instant.parse("2026-12-01T10:00:00Z");

  /** Per document id, the answers still to give (status code, body, Retry-After); the last one repeats. */
  private final Map<String, Queue<Reply>> script = new ConcurrentHashMap<>();
  private final List<String> seenTokens = Collections.synchronizedList(new ArrayList<>());
  private final List<Duration> pauses = Collections.synchronizedList(new ArrayList<>());
  /** Requests and pauses in the order they happened. */
  private final List<String> events = Collections.synchronizedList(new ArrayList<>());
  private final HttpServer server = start();
  private final HttpClient http = HttpClient.newHttpClient();

  private record Reply(int status, String body, String retryAfter) {}

  private HttpServer start() {
    try {
      HttpServer api = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      api.createContext("/api/v1/documents/", this::answer);
      api.start();
      return api;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private void answer(HttpExchange exchange) throws IOException {
    seenTokens.add(exchange.getRequestHeaders().getFirst("Authorization"));
    String id = exchange.getRequestURI().getPath().substring("/api/v1/documents/".length());
    Queue<Reply> replies = script.get(id);
    Reply reply = replies.size() > 1 ? replies.poll() : replies.peek();
    events.add("GET " + id + " " + reply.status());
    if (reply.retryAfter() != null) {
      exchange.getResponseHeaders().add("Retry-After", reply.retryAfter());
    }
    byte[] body = reply.body().getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(reply.status(), body.length);
    exchange.getResponseBody().write(body);
    exchange.close();
  }

  @AfterEach
  void stop() {
    server.stop(0);
    http.close();
  }

  private void given(String id, Reply... replies) {
    script.put(id, new ConcurrentLinkedQueue<>(List.of(replies)));
  }

  private static Reply indexed(String hash, int chunks) {
    return new Reply(200, "{\"status\":\"indexed\",\"document\":{\"content_hash\":\"" + hash + "\",\"chunk_count\":"
        + chunks + "},\"failure\":null}", null);
  }

  private static Reply failed(String indexedHash, Instant at) {
    String document = indexedHash == null ? "null" : "{\"content_hash\":\"" + indexedHash + "\",\"chunk_count\":1}";
    return new Reply(200, "{\"status\":\"failed\",\"document\":" + document + ",\"failure\":{\"code\":\"DOCUMENT_TOO_LARGE\","
        + "\"message\":\"over the limit\",\"failed_at\":\"" + at + "\"}}", null);
  }

  private static Reply notFound() {
    return new Reply(404, "{\"error\":{\"code\":\"DOCUMENT_NOT_FOUND\"}}", null);
  }

  private ApiSearchableWait wait(String token) {
    DocumentStatusClient client =
        new DocumentStatusClient(http, URI.create("http://127.0.0.1:" + server.getAddress().getPort()), token);
    return new ApiSearchableWait(client, Duration.ofMillis(500), 2, pause -> {
      pauses.add(pause);
      events.add(pause.compareTo(Duration.ofSeconds(6)) > 0 ? "pause for Retry-After" : "pause");
    });
  }

  @Test
  void shouldWaitUntilTheApiShowsTheSubmittedContentIndexed() throws Exception {
    // doc-a is unknown, then indexed; doc-b shows an older version before the submitted one.
    given("doc-a", notFound(), indexed(HASH_A, 3));
    given("doc-b", indexed("c".repeat(64), 1), indexed("c".repeat(64), 1), indexed(HASH_B, 2));
    List<IndexingProgress> seen = new ArrayList<>();

    ApiSearchableWait.Outcome outcome = wait("secret-token")
        .await(Map.of("doc-a", HASH_A, "doc-b", HASH_B), SUBMITTED, Duration.ofMinutes(5), seen::add);

    assertThat(outcome.allSearchable()).isTrue();
    assertThat(seen).extracting(IndexingProgress::searchable).containsExactly(0, 1, 2);
    assertThat(seen.getLast().chunks()).isEqualTo(5);
    assertThat(seen.getLast().line()).contains("searchable 2/2 documents", "5 chunks");
    assertThat(pauses).containsOnly(Duration.ofMillis(500));
    assertThat(seenTokens).containsOnly("Bearer secret-token");
  }

  @Test
  void shouldReportARefusalOfTheSubmittedVersionButNotAnOlderOne() throws Exception {
    // doc-a's dead letter is from before this submission; doc-b's is of it.
    given("doc-a", failed(null, SUBMITTED.minusSeconds(3600)), indexed(HASH_A, 1));
    given("doc-b", failed(null, SUBMITTED.plusSeconds(1)));

    ApiSearchableWait.Outcome outcome = wait(null)
        .await(Map.of("doc-a", HASH_A, "doc-b", HASH_B), SUBMITTED, Duration.ofMinutes(5), progress -> { });

    assertThat(outcome.failed()).containsExactly(Map.entry("doc-b", "DOCUMENT_TOO_LARGE: over the limit"));
    assertThat(outcome.pending()).isEmpty();
  }

  @Test
  void shouldPauseEveryRequestForRetryAfterWhenThrottled() throws Exception {
    given("doc-a", new Reply(429, "{}", "7"), indexed(HASH_A, 1));

    ApiSearchableWait.Outcome outcome = wait("t")
        .await(Map.of("doc-a", HASH_A), SUBMITTED, Duration.ofMinutes(5), progress -> { });

    assertThat(outcome.allSearchable()).isTrue();
    // Nothing is asked again before the Retry-After (less what has passed since the answer) is over.
    assertThat(events.getFirst()).isEqualTo("GET doc-a 429");
    assertThat(events.getLast()).isEqualTo("GET doc-a 200");
    assertThat(events.subList(1, events.size() - 1)).isNotEmpty().containsOnly("pause for Retry-After");
    assertThat(pauses).allSatisfy(pause -> assertThat(pause).isLessThanOrEqualTo(Duration.ofSeconds(7)));
  }

  @Test
  void shouldReturnWhatIsStillPendingWhenTheTimeoutPasses() throws Exception {
    given("doc-a", notFound());

    ApiSearchableWait.Outcome outcome = wait("t")
        .await(Map.of("doc-a", HASH_A), SUBMITTED, Duration.ZERO, progress -> { });

    assertThat(outcome.pending()).containsExactly("doc-a");
    assertThat(outcome.allSearchable()).isFalse();
  }

  @Test
  void shouldStopWithOneLineNamingARefusedTokenWithoutPrintingIt() {
    given("doc-a", new Reply(401, "{}", null));
    given("doc-b", new Reply(403, "{}", null));

    assertThatThrownBy(() -> wait("secret-token").await(Map.of("doc-a", HASH_A), SUBMITTED, Duration.ofMinutes(5),
        progress -> { }))
        .isInstanceOf(UserError.class).hasMessageContaining("refused the token (401)")
        .hasMessageContaining("TRIBUTARY_TOKEN").hasMessageNotContaining("secret-token");
    assertThatThrownBy(() -> wait("secret-token").await(Map.of("doc-b", HASH_B), SUBMITTED, Duration.ofMinutes(5),
        progress -> { }))
        .isInstanceOf(UserError.class).hasMessageContaining("(403)").hasMessageContaining("tributary.read");
  }
}
