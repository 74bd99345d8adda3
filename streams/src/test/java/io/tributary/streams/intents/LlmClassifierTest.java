package io.tributary.streams.intents;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.tributary.schemas.agents.AgentCatalogue;
import io.tributary.schemas.agents.AgentCatalogueFile;
import io.tributary.schemas.agents.AgentMessage;
import io.tributary.schemas.agents.RouteReason;
import io.tributary.schemas.agents.RoutingDecision;
import io.tributary.schemas.json.Json;
import io.tributary.embedding.Embedder;
import io.tributary.streams.embedding.MiniLmExtension;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Against an in-process server on 127.0.0.1 that speaks the OpenAI chat completions API. */
@ExtendWith(MiniLmExtension.class)
class LlmClassifierTest {

  private static final AgentCatalogue CATALOGUE = AgentCatalogueFile.sample(Instant.EPOCH);
  private static final String TEXT = "Could you sort out somewhere for me to sleep in Lyon on Tuesday?";

  private final EmbeddingClassifier embedding;
  private final AtomicReference<JsonNode> lastRequest = new AtomicReference<>();
  private final AtomicReference<String> lastAuthorization = new AtomicReference<>();
  private volatile int status = 200;
  private volatile String answer = "travel";
  private volatile long delayMillis;
  private HttpServer server;

  LlmClassifierTest(Embedder embedder) {
    this.embedding = new EmbeddingClassifier(embedder);
  }

  @BeforeEach
  void startServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/v1/chat/completions", exchange -> {
      lastRequest.set(Json.mapper().readTree(exchange.getRequestBody()));
      lastAuthorization.set(exchange.getRequestHeaders().getFirst("Authorization"));
      try {
        Thread.sleep(delayMillis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      byte[] body = ("{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"model\":\"test-model\",\"choices\":"
          + "[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"" + answer + "\"},"
          + "\"finish_reason\":\"stop\"}]}").getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(status, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.start();
  }

  @AfterEach
  void stopServer() {
    server.stop(0);
  }

  private LlmClassifier classifier(Duration timeout) {
    return new LlmClassifier(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v1"), "test-model",
        "secret-key", timeout, embedding);
  }

  private static RoutingDecision decide(Classification scores) {
    return new IntentDecider(FollowUpRule.defaults()).decide("c1", new AgentMessage("m1", "acme", "u", TEXT, null),
        scores, CATALOGUE, null, Instant.EPOCH, Instant.EPOCH);
  }

  @Test
  void shouldRouteToTheAgentTheLlmNamesWithTheEmbeddingRunnerUp() {
    answer = "Travel.";

    RoutingDecision decision = decide(classifier(Duration.ofSeconds(5)).classify(TEXT, CATALOGUE));

    assertThat(decision.agent()).isEqualTo("travel");
    assertThat(decision.reason()).isEqualTo(RouteReason.LLM);
    assertThat(decision.confidence()).isEqualTo(1.0);
    assertThat(decision.model()).isEqualTo("llm:test-model");
    assertThat(decision.runnerUp()).isNotEmpty().isNotEqualTo("travel");
    JsonNode request = lastRequest.get();
    assertThat(request.path("model").asText()).isEqualTo("test-model");
    assertThat(request.path("messages").get(0).path("content").asText()).contains("- billing:", "- travel:");
    assertThat(request.path("messages").get(1).path("content").asText()).isEqualTo(TEXT);
    assertThat(lastAuthorization.get()).isEqualTo("Bearer secret-key");
  }

  @Test
  void shouldFallBackToTheEmbeddingScoresWhenTheLlmIsTooSlow() {
    delayMillis = 1_500;

    Classification scores = classifier(Duration.ofMillis(300)).classify(TEXT, CATALOGUE);

    assertThat(scores).isEqualTo(embedding.classify(TEXT, CATALOGUE));
    assertThat(scores.model()).isEqualTo("all-minilm-l6-v2-q");
  }

  @Test
  void shouldFallBackOnAServerErrorOrAnAgentOutsideTheCatalogue() {
    status = 500;
    assertThat(classifier(Duration.ofSeconds(5)).classify(TEXT, CATALOGUE)).isEqualTo(embedding.classify(TEXT, CATALOGUE));

    status = 200;
    answer = "weather";
    assertThat(classifier(Duration.ofSeconds(5)).classify(TEXT, CATALOGUE)).isEqualTo(embedding.classify(TEXT, CATALOGUE));
  }

  @Test
  void shouldSendTheMessageToDefaultWhenTheLlmSaysNone() {
    answer = "none";

    RoutingDecision decision = decide(classifier(Duration.ofSeconds(5)).classify(TEXT, CATALOGUE));

    assertThat(decision.agent()).isEqualTo("default");
    assertThat(decision.reason()).isEqualTo(RouteReason.BELOW_THRESHOLD);
    assertThat(decision.model()).isEqualTo("llm:test-model");
  }
}
