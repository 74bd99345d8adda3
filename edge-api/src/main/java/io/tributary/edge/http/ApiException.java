package io.tributary.edge.http;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;

/** A request that ends in an error envelope with this status, code and message. */
public final class ApiException extends RuntimeException {

  private final int status;
  private final String code;
  private final List<FieldProblem> details;
  private final Map<String, String> headers;

  /** {@code headers} go on the error answer, e.g. {@code WWW-Authenticate} or {@code Retry-After}. */
  public ApiException(int status, String code, String message, List<FieldProblem> details,
      Map<String, String> headers) {
    super(message);
    this.status = status;
    this.code = requireNonNull(code, "code");
    this.details = details == null ? List.of() : List.copyOf(details);
    this.headers = headers == null ? Map.of() : Map.copyOf(headers);
  }

  public ApiException(int status, String code, String message, List<FieldProblem> details) {
    this(status, code, message, details, Map.of());
  }

  public ApiException(int status, String code, String message) {
    this(status, code, message, List.of());
  }

  public static ApiException badRequest(String field, String rule) {
    return new ApiException(400, "INVALID_PARAMETER", field + ": " + rule, List.of(new FieldProblem(field, rule)));
  }

  public static ApiException validation(List<FieldProblem> problems) {
    String summary = problems.stream().map(p -> p.field() + ": " + p.rule()).reduce((a, b) -> a + "; " + b).orElse("");
    return new ApiException(422, "VALIDATION_FAILED", summary, problems);
  }

  public static ApiException unavailable(String what) {
    return new ApiException(503, "DEPENDENCY_UNAVAILABLE", what + " is unavailable; retry later");
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }

  public List<FieldProblem> details() {
    return details;
  }

  public Map<String, String> headers() {
    return headers;
  }
}
