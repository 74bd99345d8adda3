package io.tributary.edge.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.helidon.http.DirectHandler;
import io.helidon.http.HeaderNames;
import io.helidon.http.ServerResponseHeaders;
import io.helidon.http.Status;
import io.tributary.schemas.json.Json;
import java.util.List;
import java.util.UUID;

/**
 * Answers what Helidon refuses before routing (a malformed request line, bad percent-encoding,
 * oversized headers) with the error envelope and the security headers, instead of Helidon's own
 * empty or plain-text bodies. Helidon's message is not echoed: it describes the parser, not the API.
 */
public final class EnvelopeDirectHandler implements DirectHandler {

  @Override
  public TransportResponse handle(TransportRequest request, EventType eventType, Status status,
      ServerResponseHeaders headers, String message) {
    String requestId = UUID.randomUUID().toString();
    ErrorEnvelope envelope = new ErrorEnvelope(status.code(), code(eventType),
        "the server could not process the request (" + status.reasonPhrase() + ")", List.of(), requestId);
    TransportResponse.Builder response = TransportResponse.builder().status(status).headers(headers)
        .header(HeaderNames.CONTENT_TYPE, "application/json").header(RequestId.HEADER, requestId);
    BrowserHeaders.SECURITY.forEach((name, value) -> response.header(HeaderNames.create(name), value));
    try {
      return response.entity(Json.mapper().writeValueAsBytes(envelope)).build();
    } catch (JsonProcessingException e) {
      return response.entity("{\"status\":" + status.code() + "}").build();
    }
  }

  private static String code(EventType eventType) {
    return switch (eventType) {
      case BAD_REQUEST -> "BAD_REQUEST";
      case PAYLOAD_TOO_LARGE -> "PAYLOAD_TOO_LARGE";
      case FORBIDDEN -> "FORBIDDEN";
      case INTERNAL_ERROR -> "INTERNAL_ERROR";
      case HTTP_VERSION_NOT_SUPPORTED -> "HTTP_VERSION_NOT_SUPPORTED";
      case OTHER -> "HTTP_ERROR";
    };
  }
}
