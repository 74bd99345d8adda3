package io.tributary.edge.documents;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.tributary.edge.http.ApiException;
import io.tributary.edge.http.FieldProblem;
import io.tributary.edge.http.FilterParameters;
import io.tributary.edge.http.JsonBodies;
import io.tributary.edge.http.JsonResponses;
import io.tributary.edge.http.RequestId;
import io.tributary.edge.http.ServerSpan;
import io.tributary.edge.http.Traceparent;
import io.tributary.edge.resilience.GuardedCalls;
import io.tributary.edge.resilience.ProducerSends;
import io.tributary.edge.tenancy.TenantResolver;
import io.tributary.ingestion.submit.DocumentIds;
import io.tributary.ingestion.submit.DocumentSubmitter;
import io.tributary.ingestion.submit.SubmissionReceipt;
import io.tributary.projections.documents.DocumentState;
import io.tributary.projections.documents.DocumentSummary;
import io.tributary.projections.documents.IdempotencyKeys;
import io.tributary.projections.freshness.Freshness;
import io.tributary.schemas.documents.DocumentKey;
import io.tributary.schemas.documents.SubmittedDocument;
import io.tributary.schemas.json.Json;
import io.tributary.schemas.topics.Topics;
import io.tributary.schemas.validation.JsonSchemaContract;
import io.tributary.schemas.documents.ContentHash;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code /api/v1/documents}: accepts documents into {@code docs.submitted.v1} (with idempotency keys),
 * deletes them with a tombstone, and lists and shows them with their indexing status.
 */
public final class DocumentsService implements HttpService {

  /** Kafka header carrying the API request id downstream. */
  public static final String REQUEST_ID_HEADER = "tributary.request_id";

  /** Request header that makes a POST idempotent. */
  public static final HeaderName IDEMPOTENCY_KEY = HeaderNames.create("Idempotency-Key");

  static final int DEFAULT_LIMIT = 20;
  static final int MAX_LIMIT = 100;
  private static final Pattern KEY = Pattern.compile("^[\\x21-\\x7E]{1,255}$");

  private final DocumentSubmitter submitter;
  private final TenantResolver tenants;
  private final JsonBodies bodies;
  private final JsonSchemaContract contract;
  private final Clock clock;
  private final DocumentCatalog catalog;
  private final GuardedCalls kafka;

  public DocumentsService(DocumentSubmitter submitter, TenantResolver tenants, JsonBodies bodies, Clock clock,
      DocumentCatalog catalog, GuardedCalls kafka) {
    this.submitter = requireNonNull(submitter, "submitter");
    this.tenants = requireNonNull(tenants, "tenants");
    this.bodies = requireNonNull(bodies, "bodies");
    this.clock = requireNonNull(clock, "clock");
    this.catalog = requireNonNull(catalog, "catalog");
    this.kafka = requireNonNull(kafka, "kafka");
    this.contract = JsonSchemaContract.load("docs.submitted.v1");
  }

  @Override
  public void routing(HttpRules rules) {
    rules.post("/", this::submit)
        .get("/", this::list)
        .get("/{id}", this::status)
        .get("/{id}/chunks", this::chunks)
        .delete("/{id}", this::delete);
  }

  private void submit(ServerRequest request, ServerResponse response) {
    JsonNode body = bodies.readObject(request);
    String tenant = tenants.tenantOf(request);
    String key = request.headers().first(IDEMPOTENCY_KEY).orElse(null);
    if (key != null && !KEY.matcher(key).matches()) {
      throw ApiException.badRequest("Idempotency-Key", "must be 1 to 255 printable ASCII characters");
    }
    checkFields(body);
    String id = body.hasNonNull("id") ? body.get("id").asText() : DocumentIds.random();
    // Validated before the key is claimed, so a refused body never binds a key.
    SubmittedDocument document = toDocument(body, id, tenant);
    if (key != null) {
      String requestHash = sha256(body.toString());
      IdempotencyKeys.Claim claim = catalog.claim(tenant, key, requestHash, id);
      if (!claim.requestHash().equals(requestHash)) {
        throw new ApiException(409, "IDEMPOTENCY_KEY_REUSED",
            "Idempotency-Key was already used with a different request body");
      }
      if (!claim.documentId().equals(id)) {
        id = claim.documentId();
        document = toDocument(body, id, tenant);
      }
    }
    // Ids are per tenant (ADR 16): another tenant's use of the same id is neither an obstacle nor visible.
    SubmittedDocument accepted = document;
    // The producer span's context is what the pipeline continues.
    SubmissionReceipt receipt = ServerSpan.publish(request, Topics.DOCS_SUBMITTED.name(), traceparent ->
        kafka.call(() -> ProducerSends.await(submitter.submit(accepted, Map.of(REQUEST_ID_HEADER,
            RequestId.of(request), Traceparent.KAFKA_HEADER, traceparent)))));
    // The pipeline's own hash of the record (chunking and base64 content included), or the status never turns indexed.
    catalog.accepted(tenant, id, ContentHash.of(accepted), accepted.submittedAt(),
        receipt);
    response.header(HeaderNames.LOCATION, "/api/v1/documents/" + receipt.documentId());
    JsonResponses.send(response, 202, new DocumentViews.Accepted(receipt.documentId(), "accepted", receipt.topic(),
        receipt.partition(), receipt.offset()));
  }

  private void list(ServerRequest request, ServerResponse response) {
    String tenant = tenants.tenantOf(request);
    int limit = limit(request.query().first("limit").orElse(null));
    String after = request.query().first("cursor").map(DocumentsService::decodeCursor).orElse(null);
    Freshness freshness = catalog.freshness();
    // One extra row tells whether another page exists without a count query.
    List<DocumentSummary> rows = catalog.list(tenant, FilterParameters.fromQuery(request.query()), after, limit + 1);
    List<DocumentSummary> page = rows.size() > limit ? rows.subList(0, limit) : rows;
    String next = rows.size() > limit ? encodeCursor(page.getLast().documentId()) : null;
    JsonResponses.send(response, 200, new DocumentViews.Page(page, next, freshness.generation(), freshness.asOf()));
  }

  private void status(ServerRequest request, ServerResponse response) {
    String tenant = tenants.tenantOf(request);
    String id = documentId(request);
    Freshness freshness = catalog.freshness();
    DocumentState state = catalog.state(tenant, id).orElseThrow(() -> notFound(id));
    JsonResponses.send(response, 200, new DocumentViews.Status(id, state.status().wireName(), state.acceptedAt(),
        state.indexed(), state.failure(), freshness.generation(), freshness.asOf()));
  }

  private void chunks(ServerRequest request, ServerResponse response) {
    String tenant = tenants.tenantOf(request);
    String id = documentId(request);
    Freshness freshness = catalog.freshness();
    JsonResponses.send(response, 200, new DocumentViews.Chunks(id,
        catalog.chunks(tenant, id).orElseThrow(() -> notFound(id)), freshness.generation(), freshness.asOf()));
  }

  private void delete(ServerRequest request, ServerResponse response) {
    String tenant = tenants.tenantOf(request);
    String id = documentId(request);
    // Only a document the tenant has may be deleted; the tombstone's key names the tenant, so it
    // could not reach another tenant's document anyway.
    catalog.state(tenant, id).orElseThrow(() -> notFound(id));
    DocumentKey key = new DocumentKey(tenant, id);
    SubmissionReceipt receipt = kafka.call(() ->
        ProducerSends.await(submitter.delete(key, Map.of(REQUEST_ID_HEADER, RequestId.of(request)))));
    catalog.deleted(tenant, id);
    JsonResponses.send(response, 202, new DocumentViews.Accepted(id, "deletion accepted", receipt.topic(),
        receipt.partition(), receipt.offset()));
  }

  private static String documentId(ServerRequest request) {
    String id = request.path().pathParameters().get("id");
    if (!DocumentIds.isValid(id)) {
      throw ApiException.badRequest("id", "must match " + DocumentIds.VALID.pattern());
    }
    return id;
  }

  private static ApiException notFound(String id) {
    return new ApiException(404, "DOCUMENT_NOT_FOUND", "no document " + id);
  }

  private static int limit(String raw) {
    if (raw == null || raw.isBlank()) {
      return DEFAULT_LIMIT;
    }
    try {
      int limit = Integer.parseInt(raw.strip());
      if (limit >= 1 && limit <= MAX_LIMIT) {
        return limit;
      }
    } catch (NumberFormatException e) {
      // falls through to the same answer as an out-of-range number
    }
    throw ApiException.badRequest("limit", "must be an integer between 1 and " + MAX_LIMIT);
  }

  private static String encodeCursor(String lastId) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(lastId.getBytes(StandardCharsets.UTF_8));
  }

  private static String decodeCursor(String cursor) {
    try {
      String id = new String(Base64.getUrlDecoder().decode(cursor.strip()), StandardCharsets.UTF_8);
      if (DocumentIds.isValid(id)) {
        return id;
      }
    } catch (IllegalArgumentException e) {
      // falls through
    }
    throw ApiException.badRequest("cursor", "must be a next_cursor value from a previous page");
  }

  private static void checkFields(JsonNode body) {
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
  }

  private SubmittedDocument toDocument(JsonNode body, String id, String tenant) {
    ObjectNode wire = ((ObjectNode) body).deepCopy();
    wire.put("id", id);
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

  private static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK ships SHA-256", e);
    }
  }
}
