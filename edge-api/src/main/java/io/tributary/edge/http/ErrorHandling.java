package io.tributary.edge.http;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.tributary.schemas.errors.InvalidRecordException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maps every failure to the error envelope. Clients never see a stack trace, SQL or a
 * broker message: unexpected errors are logged with the request id and answered as 500.
 */
public final class ErrorHandling {

  private static final Logger log = LoggerFactory.getLogger(ErrorHandling.class);

  private ErrorHandling() {}

  /** Registers the handlers and the catch-all 404 route; call after all services are registered. */
  public static void register(HttpRouting.Builder routing) {
    routing.error(ApiException.class, ErrorHandling::apiError);
    routing.error(InvalidRecordException.class, ErrorHandling::invalidRecord);
    routing.error(Throwable.class, ErrorHandling::unexpected);
  }

  /** Registers a last route that answers unknown paths with a 404 envelope. */
  public static void registerNotFound(HttpRouting.Builder routing) {
    routing.any((request, response) -> {
      throw new ApiException(404, "NOT_FOUND",
          "no route for " + request.prologue().method().text() + " " + request.path().path());
    });
  }

  private static void apiError(ServerRequest request, ServerResponse response, ApiException e) {
    if (e.status() >= 500) {
      log.warn("request {} failed: {} {}", RequestId.of(request), e.code(), e.getMessage());
    }
    if (e.status() == 503) {
      response.header(HeaderNames.RETRY_AFTER, "5");
    }
    e.headers().forEach(response::header);
    if (e.status() == 401 && !e.headers().containsKey("WWW-Authenticate")) {
      // RFC 6750: every 401 of this API challenges for a bearer token, whoever raised it.
      response.header("WWW-Authenticate", "Bearer realm=\"tributary\"");
    }
    send(request, response, e.status(), e.code(), e.getMessage(), e.details());
  }

  private static void invalidRecord(ServerRequest request, ServerResponse response, InvalidRecordException e) {
    send(request, response, 422, e.code().name(), e.getMessage(), List.of());
  }

  private static void unexpected(ServerRequest request, ServerResponse response, Throwable e) {
    String requestId = RequestId.of(request);
    log.error("request {} failed unexpectedly", requestId, e);
    send(request, response, 500, "INTERNAL_ERROR",
        "the server could not complete the request; quote request id " + requestId, List.of());
  }

  private static void send(ServerRequest request, ServerResponse response, int status, String code,
      String message, List<FieldProblem> details) {
    if (response.isSent()) {
      return;
    }
    String requestId = RequestId.of(request);
    // Helidon resets headers set before the failure; echo the id and the filters' headers again.
    response.header(RequestId.HEADER, requestId);
    request.context().get(ResponseHeaders.class).ifPresent(headers -> headers.applyTo(response));
    JsonResponses.send(response, status, new ErrorEnvelope(status, code, message, details, requestId));
  }
}
