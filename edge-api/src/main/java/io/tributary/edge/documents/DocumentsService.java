package io.tributary.edge.documents;

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
import io.tributary.edge.http.Traceparent;
import io.tributary.edge.tenancy.TenantResolver;
import io.tributary.ingestion.submit.DocumentIds;
import io.tributary.ingestion.submit.DocumentSubmitter;
import io.tributary.ingestion.submit.SubmissionReceipt;
import io.tributary.schemas.documents.SubmittedDocument;
import io.tributary.schemas.json.Json;
import io.tributary.schemas.validation.JsonSchemaContract;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** {@code /api/v1/documents}: accepts documents into {@code docs.submitted.v1}. */
public final class DocumentsService implements HttpService {

  /** Kafka header carrying the API request id downstream. */
  public static final String REQUEST_ID_HEADER = "tributary.request_id";

  private final DocumentSubmitter submitter;
  private final TenantResolver tenants;
  private final JsonBodies bodies;
  private final JsonSchemaContract contract;
  private final Clock clock;
  private final Duration submitTimeout;

  public DocumentsService(DocumentSubmitter submitter, TenantResolver tenants, JsonBodies bodies,
      Clock clock, Duration submitTimeout) {
    this.submitter = requireNonNull(submitter, "submitter");
    this.tenants = requireNonNull(tenants, "tenants");
    this.bodies = requireNonNull(bodies, "bodies");
    this.clock = requireNonNull(clock, "clock");
    this.submitTimeout = requireNonNull(submitTimeout, "submitTimeout");
    this.contract = JsonSchemaContract.load("docs.submitted.v1");
  }

  @Override
  public void routing(HttpRules rules) {
    rules.post("/", this::submit);
  }

  private void submit(ServerRequest request, ServerResponse response) {
    SubmittedDocument document = toDocument(bodies.readObject(request), tenants.tenantOf(request));
    SubmissionReceipt receipt = await(submitter.submit(document,
        Map.of(REQUEST_ID_HEADER, RequestId.of(request), Traceparent.KAFKA_HEADER, Traceparent.of(request))));
    response.header(HeaderNames.LOCATION, "/api/v1/documents/" + receipt.documentId());
    JsonResponses.send(response, 202, new Accepted(receipt.documentId(), "accepted", receipt.topic(),
        receipt.partition(), receipt.offset()));
  }

  private SubmittedDocument toDocument(JsonNode body, String tenant) {
    List<FieldProblem> problems = new ArrayList<>();
    for (String field : List.of("tenant", "submitted_at")) {
      if (body.has(field)) {
        problems.add(new FieldProblem(field, "is set by the server and must not be sent"));
      }
    }
    JsonNode text = body.get("text");
    if (text == null || !text.isTextual() || text.asText().isBlank()) {
      problems.add(new FieldProblem("text", "is required and must be a non-empty string"));
    }
    JsonNode id = body.get("id");
    if (id != null && !(id.isTextual() && DocumentIds.isValid(id.asText()))) {
      problems.add(new FieldProblem("id", "must match " + DocumentIds.VALID.pattern()));
    }
    if (!problems.isEmpty()) {
      throw ApiException.validation(problems);
    }
    ObjectNode wire = ((ObjectNode) body).deepCopy();
    wire.put("id", id == null ? DocumentIds.random() : id.asText());
    wire.put("tenant", tenant);
    wire.put("submitted_at", clock.instant().toString());
    // The topic's own contract decides the rest, so the API never accepts what the pipeline rejects.
    List<String> violations = contract.violations(wire);
    if (!violations.isEmpty()) {
      throw ApiException.validation(violations.stream().map(DocumentsService::toProblem).toList());
    }
    return Json.mapper().convertValue(wire, SubmittedDocument.class);
  }

  private static FieldProblem toProblem(String violation) {
    // Violations read "$.field: rule"; report the field without the JSON path prefix.
    int colon = violation.indexOf(": ");
    if (violation.startsWith("$") && colon > 0) {
      String field = violation.substring(0, colon).replaceFirst("^\\$\\.?", "");
      return new FieldProblem(field.isEmpty() ? "body" : field, violation.substring(colon + 2));
    }
    return new FieldProblem("body", violation);
  }

  private SubmissionReceipt await(java.util.concurrent.CompletableFuture<SubmissionReceipt> future) {
    try {
      return future.get(submitTimeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ApiException.unavailable("the event log");
    } catch (ExecutionException | TimeoutException e) {
      throw ApiException.unavailable("the event log");
    }
  }

  /** The 202 body. */
  record Accepted(String id, String status, String topic, int partition, long offset) {}
}
