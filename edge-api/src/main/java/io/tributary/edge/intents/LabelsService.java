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
import io.tributary.edge.tenancy.TenantResolver;
import io.tributary.projections.agents.AgentRoutes;
import io.tributary.projections.agents.RouteRow;
import io.tributary.schemas.agents.IntentLabel;
import io.tributary.schemas.json.Json;
import io.tributary.schemas.topics.Topics;
import io.tributary.schemas.validation.JsonSchemaContract;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * {@code /api/v1/intents/{message_id}/label}: an operator names the agent that should have taken
 * a message the tenant routed ({@code POST}, a label on {@code agents.labels.v1}) or withdraws the
 * label ({@code DELETE}, a tombstone). Mounted by {@link IntentsService} under its own path.
 */
public final class LabelsService implements HttpService {

  /** Longest message id, as {@code agents.messages.v1} allows. */
  static final int MAX_MESSAGE_ID = 256;

  private static final Set<String> BODY_FIELDS = Set.of("agent", "text");
  private static final Set<String> SERVER_FIELDS = Set.of("tenant", "message_id", "source", "labelled_at");

  private final IntentSubmitter submitter;
  private final AgentRoutes routes;
  private final TenantResolver tenants;
  private final JsonBodies bodies;
  private final Clock clock;
  private final Duration submitTimeout;
  // The label topic's own contract (IntentLabelReader's), so the API never writes what readers would dead-letter.
  private final JsonSchemaContract contract = JsonSchemaContract.load(Topics.AGENTS_LABELS.name());

  public LabelsService(IntentSubmitter submitter, AgentRoutes routes, TenantResolver tenants, JsonBodies bodies,
      Clock clock, Duration submitTimeout) {
    this.submitter = requireNonNull(submitter, "submitter");
    this.routes = requireNonNull(routes, "routes");
    this.tenants = requireNonNull(tenants, "tenants");
    this.bodies = requireNonNull(bodies, "bodies");
    this.clock = requireNonNull(clock, "clock");
    this.submitTimeout = requireNonNull(submitTimeout, "submitTimeout");
  }

  @Override
  public void routing(HttpRules rules) {
    rules.post("/{message_id}/label", this::label)
        .delete("/{message_id}/label", this::withdraw);
  }

  private void label(ServerRequest request, ServerResponse response) {
    String tenant = tenants.tenantOf(request);
    String messageId = messageId(request);
    JsonNode body = bodies.readObject(request);
    List<FieldProblem> problems = new ArrayList<>();
    body.fieldNames().forEachRemaining(field -> {
      if (SERVER_FIELDS.contains(field)) {
        problems.add(new FieldProblem(field, "is set by the server and must not be sent"));
      } else if (!BODY_FIELDS.contains(field)) {
        problems.add(new FieldProblem(field, "is not a known field"));
      }
    });
    ObjectNode wire = Json.mapper().createObjectNode();
    wire.put("tenant", tenant);
    wire.put("message_id", messageId);
    for (String field : List.of("text", "agent")) {
      if (body.has(field)) {
        wire.set(field, body.get(field));
      }
    }
    wire.put("source", IntentLabel.OPERATOR);
    wire.put("labelled_at", clock.instant().toString());
    contract.violations(wire).stream().map(IntentsService::toProblem).forEach(problems::add);
    if (!problems.isEmpty()) {
      throw ApiException.validation(problems);
    }
    // Only a message this tenant routed takes a label: another tenant's message is as absent as none.
    RouteRow route = routes.latestRoute(tenant, messageId)
        .orElseThrow(() -> new ApiException(404, "NOT_FOUND", "no routed message " + messageId));
    IntentLabel label = Json.mapper().convertValue(wire, IntentLabel.class);
    RecordMetadata sent = ServerSpan.publish(request, Topics.AGENTS_LABELS.name(), traceparent ->
        IntentsService.await(submitter.label(label, headers(request, traceparent)), submitTimeout));
    response.header(HeaderNames.LOCATION, "/api/v1/conversations/" + route.conversationId());
    JsonResponses.send(response, 202, new LabelAccepted(label.tenant(), label.messageId(), label.agent(),
        label.source(), label.labelledAt(), sent.topic(), sent.partition(), sent.offset()));
  }

  private void withdraw(ServerRequest request, ServerResponse response) {
    String tenant = tenants.tenantOf(request);
    String messageId = messageId(request);
    // The tombstone's key names the caller's tenant: it withdraws that tenant's label, or nothing.
    RecordMetadata sent = ServerSpan.publish(request, Topics.AGENTS_LABELS.name(), traceparent ->
        IntentsService.await(submitter.withdrawLabel(tenant, messageId, headers(request, traceparent)),
            submitTimeout));
    JsonResponses.send(response, 202, new LabelWithdrawn(tenant, messageId, "withdrawal accepted", sent.topic(),
        sent.partition(), sent.offset()));
  }

  private static Map<String, String> headers(ServerRequest request, String traceparent) {
    return Map.of(IntentsService.REQUEST_ID_HEADER, RequestId.of(request), Traceparent.KAFKA_HEADER, traceparent);
  }

  /** The path's message id: any id a message may have, up to 256 characters without control characters. */
  private static String messageId(ServerRequest request) {
    String id = request.path().pathParameters().get("message_id");
    if (id.isEmpty() || id.length() > MAX_MESSAGE_ID || id.chars().anyMatch(Character::isISOControl)) {
      throw ApiException.badRequest("message_id",
          "must be 1 to " + MAX_MESSAGE_ID + " characters without control characters");
    }
    return id;
  }

  /** The 202 body of a label. */
  record LabelAccepted(String tenant, String messageId, String agent, String source, Instant labelledAt,
      String topic, int partition, long offset) {}

  /** The 202 body of a withdrawal. */
  record LabelWithdrawn(String tenant, String messageId, String status, String topic, int partition,
      long offset) {}
}
