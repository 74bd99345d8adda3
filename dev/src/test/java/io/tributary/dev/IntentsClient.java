package io.tributary.dev;

import static java.util.Objects.requireNonNull;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.schemas.json.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The intents API of a running stack as one tenant's operator calls it: send, see routed, label, stats. */
final class IntentsClient {

  /** A message the API accepted. */
  record Sent(String conversationId, String messageId) {}

  private final HttpClient http = HttpClient.newHttpClient();
  private final int port;
  private final String token;
  private final Duration routed;

  IntentsClient(int port, String token, Duration routed) {
    this.port = port;
    this.token = requireNonNull(token, "token");
    this.routed = requireNonNull(routed, "routed");
  }

  /** Posts each text as the first message of a conversation of its own, so no follow-up rule applies. */
  List<Sent> send(List<String> texts) throws Exception {
    List<Sent> sent = new ArrayList<>();
    for (String text : texts) {
      Sent message = new Sent("labels-" + UUID.randomUUID(), "m-" + UUID.randomUUID());
      HttpResponse<String> response = post("/api/v1/intents", Map.of("conversation_id", message.conversationId(),
          "message_id", message.messageId(), "text", text));
      assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
      sent.add(message);
    }
    return sent;
  }

  /** The routed turn of each of {@code sent}, in that order, once the agents read model shows it. */
  List<JsonNode> routed(List<Sent> sent) {
    List<JsonNode> turns = new ArrayList<>();
    for (Sent message : sent) {
      turns.add(await().atMost(routed).pollInterval(Duration.ofMillis(100)).until(() -> {
        HttpResponse<String> response = get("/api/v1/conversations/" + message.conversationId());
        return response.statusCode() == 200 ? Json.mapper().readTree(response.body()).path("turns").path(0) : null;
      }, turn -> turn != null && turn.path("message_id").asText().equals(message.messageId())));
    }
    return turns;
  }

  /** {@code POST /api/v1/intents/{messageId}/label}. */
  HttpResponse<String> label(String messageId, String agent, String text) throws Exception {
    return post("/api/v1/intents/" + messageId + "/label", Map.of("agent", agent, "text", text));
  }

  /** {@code GET /api/v1/intents/stats}. */
  JsonNode stats() throws Exception {
    HttpResponse<String> response = get("/api/v1/intents/stats");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return Json.mapper().readTree(response.body());
  }

  private HttpResponse<String> post(String path, Map<String, String> body) throws Exception {
    return http.send(request(path).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(Json.mapper().writeValueAsString(body))).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .header("Authorization", "Bearer " + token);
  }
}
