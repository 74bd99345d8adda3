package io.tributary.edge.http;

import java.util.List;

/** The one error body of the API: {@code {status, code, message, details, request_id}}. */
public record ErrorEnvelope(int status, String code, String message, List<FieldProblem> details, String requestId) {}
