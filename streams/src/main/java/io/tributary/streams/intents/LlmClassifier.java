package io.tributary.streams.intents;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.schemas.agents.AgentCatalogue;
import io.tributary.schemas.agents.AgentDefinition;
import io.tributary.schemas.json.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Optional classifier: asks an OpenAI-compatible chat endpoint ({@code POST <base>/chat/completions})
 * which agent should take the message, within a time limit. The embedding classifier always runs
 * too: it supplies the runner-up and margin, and it is the answer whenever the LLM is slow, fails,
 * or names no agent of the catalogue. The LLM's pick scores 1.0; "none" scores every agent 0.
 */
public final class LlmClassifier implements IntentClassifier {

  /** Prefix of the model id of classifications the LLM decided. */
  public static final String MODEL_PREFIX = "llm:";

  private static final Logger log = LoggerFactory.getLogger(LlmClassifier.class);

  private final URI completions;
  private final String model;
  private final String apiKey;
  private final Duration timeout;
  private final EmbeddingClassifier fallback;
  private final HttpClient http;

  /**
   * @param baseUrl e.g. {@code http://127.0.0.1:11434/v1}; {@code /chat/completions} is appended
   * @param apiKey sent as a bearer token when not blank; never logged
   */
  public LlmClassifier(URI baseUrl, String model, String apiKey, Duration timeout, EmbeddingClassifier fallback) {
    String base = requireNonNull(baseUrl, "baseUrl").toString();
    this.completions = URI.create(base.endsWith("/") ? base + "chat/completions" : base + "/chat/completions");
    this.model = requireNonNull(model, "model");
    this.apiKey = apiKey == null ? "" : apiKey;
    this.timeout = requireNonNull(timeout, "timeout");
    this.fallback = requireNonNull(fallback, "fallback");
    this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
  }

  @Override
  public Classification classify(String text, AgentCatalogue catalogue) {
    return decide(text, fallback.classify(text, catalogue), catalogue);
  }

  /** Embeds the whole batch in one call; the LLM is still asked once per message. */
  @Override
  public List<Classification> classifyAll(List<String> texts, AgentCatalogue catalogue) {
    return decideAll(texts, fallback.classifyAll(texts, catalogue), catalogue);
  }

  /** The embedding scores (which fall back on the tenant's labels) decide whenever the LLM does not. */
  @Override
  public List<Classification> classifyAll(List<String> texts, AgentCatalogue catalogue, String tenant,
      LabelSource labels) {
    return decideAll(texts, fallback.classifyAll(texts, catalogue, tenant, labels), catalogue);
  }

  private List<Classification> decideAll(List<String> texts, List<Classification> embedded, AgentCatalogue catalogue) {
    List<Classification> decided = new java.util.ArrayList<>(texts.size());
    for (int i = 0; i < texts.size(); i++) {
      decided.add(decide(texts.get(i), embedded.get(i), catalogue));
    }
    return decided;
  }

  private Classification decide(String text, Classification embedded, AgentCatalogue catalogue) {
    if (catalogue.agents().isEmpty()) {
      return embedded;
    }
    Optional<String> answer = ask(text, catalogue);
    if (answer.isEmpty()) {
      return embedded;
    }
    String pick = answer.get();
    if (pick.equals("none")) {
      return new Classification(embedded.ranked().stream().map(s -> new AgentScore(s.agent(), 0.0)).toList(),
          MODEL_PREFIX + model);
    }
    if (catalogue.agent(pick).isEmpty()) {
      log.atWarn().addKeyValue("model", model).log("LLM named no agent of the catalogue; using the embedding scores");
      return embedded;
    }
    List<AgentScore> ranked = new java.util.ArrayList<>();
    ranked.add(new AgentScore(pick, 1.0));
    embedded.ranked().stream().filter(s -> !s.agent().equals(pick)).forEach(ranked::add);
    return new Classification(ranked, MODEL_PREFIX + model);
  }

  private Optional<String> ask(String text, AgentCatalogue catalogue) {
    try {
      HttpRequest.Builder request = HttpRequest.newBuilder(completions)
          .timeout(timeout)
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofByteArray(Json.mapper().writeValueAsBytes(body(text, catalogue))));
      if (!apiKey.isBlank()) {
        request.header("Authorization", "Bearer " + apiKey);
      }
      HttpResponse<byte[]> response = http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofByteArray())
          .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (response.statusCode() != 200) {
        log.atWarn().addKeyValue("status", response.statusCode()).log("LLM classifier failed; using the embedding scores");
        return Optional.empty();
      }
      JsonNode content = Json.mapper().readTree(response.body()).path("choices").path(0).path("message").path("content");
      if (!content.isTextual()) {
        log.atWarn().log("LLM classifier answer has no message content; using the embedding scores");
        return Optional.empty();
      }
      return Optional.of(content.asText().strip().toLowerCase(Locale.ROOT).replaceAll("^[\"'`]+|[\"'`.!]+$", ""));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    } catch (Exception e) {
      // Timeouts and connection errors: the embedding decision stands. Class only: no message text.
      log.atWarn().addKeyValue("error", e.getClass().getSimpleName()).log("LLM classifier unavailable; using the embedding scores");
      return Optional.empty();
    }
  }

  private ObjectNode body(String text, AgentCatalogue catalogue) {
    StringBuilder system = new StringBuilder(
        "You route a user's message to the one agent that should handle it. Agents:\n");
    for (AgentDefinition agent : catalogue.agents()) {
      system.append("- ").append(agent.name()).append(": ").append(agent.description()).append('\n');
    }
    system.append("Answer with the agent's name only, or none if no agent fits.");
    ObjectNode body = Json.mapper().createObjectNode();
    body.put("model", model);
    body.put("temperature", 0);
    ArrayNode messages = body.putArray("messages");
    messages.addObject().put("role", "system").put("content", system.toString());
    messages.addObject().put("role", "user").put("content", text);
    return body;
  }
}
