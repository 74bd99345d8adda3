package io.tributary.edge.intents;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.tributary.edge.http.ApiException;
import io.tributary.edge.http.FieldProblem;
import io.tributary.edge.http.JsonBodies;
import io.tributary.edge.http.JsonResponses;
import io.tributary.edge.http.RequestId;
import io.tributary.edge.http.ServerSpan;
import io.tributary.edge.http.Traceparent;
import io.tributary.edge.resilience.ProducerSends;
import io.tributary.edge.tenancy.TenantResolver;
import io.tributary.projections.agents.AgentRoutes;
import io.tributary.projections.agents.RoutePage;
import io.tributary.schemas.agents.AgentMessage;
import io.tributary.schemas.json.Json;
import io.tributary.schemas.topics.Topics;
import io.tributary.schemas.validation.JsonSchemaContract;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.RecordTooLargeException;

/**
 * {@code /api/v1/intents}: accepts user messages into {@code agents.messages.v1} (202), labels of
 * routed messages (see {@link LabelsService}), and serves the routing read model: recent routes
 * (by agent, cursor-paged) and statistics.
 */
public final class IntentsService implements HttpService {

  /** Kafka header carrying the API request id downstream. */
  public static final String REQUEST_ID_HEADER = "tributary.request_id";

  static final int DEFAULT_LIMIT = 50;
  static final Pattern VALID_ID = Pattern.compile("^[A-Za-z0-9._:-]{1,128}$");

  private final IntentSubmitter submitter;
  private final AgentRoutes routes;
  private final TenantResolver tenants;
  private final JsonBodies bodies;
  private final Clock clock;
  private final Duration submitTimeout;
  private final JsonSchemaContract contract = JsonSchemaContract.load("agents.messages.v1");
  private final LabelsService labels;

  public IntentsService(IntentSubmitter submitter, AgentRoutes routes, TenantResolver tenants, JsonBodies bodies,
      Clock clock, Duration submitTimeout) {
    this.submitter = requireNonNull(submitter, "submitter");
    this.routes = requireNonNull(routes, "routes");
    this.tenants = requireNonNull(tenants, "tenants");
    this.bodies = requireNonNull(bodies, "bodies");
    this.clock = requireNonNull(clock, "clock");
    this.submitTimeout = requireNonNull(submitTimeout, "submitTimeout");
    this.labels = new LabelsService(submitter, routes, tenants, bodies, clock, submitTimeout);
  }

  @Override
  public void routing(HttpRules rules) {
    rules.post("/", this::submit)
        .get("/routes", this::routes)
        .get("/stats", this::stats);
    labels.routing(rules);
  }

  private void submit(ServerRequest request, ServerResponse response) {
    JsonNode body = bodies.readObject(request);
    String tenant = tenants.tenantOf(request);
    List<FieldProblem> problems = new ArrayList<>();
    String conversationId = optionalId(body, "conversation_id", problems);
    String messageId = optionalId(body, "message_id", problems);
    for (String field : List.of("tenant", "sent_at", "id")) {
      if (body.has(field)) {
        problems.add(new FieldProblem(field, "is set by the server and must not be sent"));
      }
    }
    body.fieldNames().forEachRemaining(field -> {
      if (!List.of("text", "user", "conversation_id", "message_id", "tenant", "sent_at", "id").contains(field)) {
        problems.add(new FieldProblem(field, "is not a known field"));
      }
    });
    if (!problems.isEmpty()) {
      throw ApiException.validation(problems);
    }
    ObjectNode wire = Json.mapper().createObjectNode();
    wire.put("id", messageId != null ? messageId : UUID.randomUUID().toString());
    wire.put("tenant", tenant);
    if (body.has("user")) {
      wire.set("user", body.get("user"));
    }
    wire.set("text", body.get("text"));
    wire.put("sent_at", clock.instant().toString());
    // The topic's own contract decides, so the API never accepts what the router would dead-letter.
    List<String> violations = contract.violations(wire);
    if (!violations.isEmpty()) {
      throw ApiException.validation(violations.stream().map(IntentsService::toProblem).toList());
    }
    AgentMessage message = Json.mapper().convertValue(wire, AgentMessage.class);
    String conversation = conversationId != null ? conversationId : UUID.randomUUID().toString();
    RecordMetadata sent = ServerSpan.publish(request, Topics.AGENTS_MESSAGES.name(), traceparent ->
        await(submitter.submit(conversation, message, Map.of(REQUEST_ID_HEADER, RequestId.of(request),
            Traceparent.KAFKA_HEADER, traceparent)), submitTimeout));
    response.header(HeaderNames.LOCATION, "/api/v1/conversations/" + conversation);
    JsonResponses.send(response, 202, new Accepted(conversation, message.id(), "accepted", sent.topic(),
        sent.partition(), sent.offset()));
  }

  private void routes(ServerRequest request, ServerResponse response) {
    String agent = request.query().first("agent").map(String::strip).filter(a -> !a.isEmpty()).orElse(null);
    Long cursor = request.query().first("cursor").map(IntentsService::cursor).orElse(null);
    int limit = request.query().first("limit").map(IntentsService::limit).orElse(DEFAULT_LIMIT);
    RoutePage page = routes.routes(tenants.tenantOf(request), agent, cursor, limit);
    JsonResponses.send(response, 200, new RoutesResponse(page.routes(),
        page.nextCursor() == null ? null : Long.toString(page.nextCursor())));
  }

  private void stats(ServerRequest request, ServerResponse response) {
    JsonResponses.send(response, 200, routes.stats(tenants.tenantOf(request)));
  }

  private static String optionalId(JsonNode body, String field, List<FieldProblem> problems) {
    JsonNode node = body.get(field);
    if (node == null) {
      return null;
    }
    if (!node.isTextual() || !VALID_ID.matcher(node.asText()).matches()) {
      problems.add(new FieldProblem(field, "must match " + VALID_ID.pattern()));
      return null;
    }
    return node.asText();
  }

  private static Long cursor(String raw) {
    try {
      long value = Long.parseLong(raw.strip());
      if (value > 0) {
        return value;
      }
    } catch (NumberFormatException e) {
      // same answer as a non-positive number
    }
    throw ApiException.badRequest("cursor", "must be a next_cursor returned by a previous page");
  }

  private static int limit(String raw) {
    try {
      int value = Integer.parseInt(raw.strip());
      if (value >= 1 && value <= AgentRoutes.MAX_LIMIT) {
        return value;
      }
    } catch (NumberFormatException e) {
      // same answer as an out-of-range number
    }
    throw ApiException.badRequest("limit", "must be an integer between 1 and " + AgentRoutes.MAX_LIMIT);
  }

  private static final Pattern REQUIRED = Pattern.compile("required property '([^']+)' not found");

  static FieldProblem toProblem(String violation) {
    // Violations read "/field: rule" (JSON pointer) or "required property 'field' not found".
    var required = REQUIRED.matcher(violation);
    if (required.find()) {
      return new FieldProblem(required.group(1), "is required");
    }
    int colon = violation.indexOf(": ");
    if ((violation.startsWith("/") || violation.startsWith("$")) && colon > 0) {
      String field = violation.substring(0, colon).replaceFirst("^(\\$\\.?|/)", "").replace('/', '.');
      return new FieldProblem(field.isEmpty() ? "body" : field, violation.substring(colon + 2));
    }
    return new FieldProblem("body", violation);
  }

  /** The broker's acknowledgement of {@code future} within {@code timeout}; 413 or 503 otherwise. */
  static RecordMetadata await(CompletableFuture<RecordMetadata> future, Duration timeout) {
    try {
      return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ApiException.unavailable("the event log");
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RecordTooLargeException) {
        // The client's record, not the broker: 413, as the documents route answers.
        throw ProducerSends.tooLarge();
      }
      throw ApiException.unavailable("the event log");
    } catch (TimeoutException e) {
      throw ApiException.unavailable("the event log");
    }
  }

  /** The 202 body. */
  record Accepted(String conversationId, String messageId, String status, String topic, int partition, long offset) {}

  /** One page of routes. */
  record RoutesResponse(List<io.tributary.projections.agents.RouteRow> routes, String nextCursor) {}
}
