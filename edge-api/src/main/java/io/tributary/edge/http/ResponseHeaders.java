package io.tributary.edge.http;

import io.helidon.webserver.http.ServerResponse;
import java.util.Map;

/**
 * Headers a filter decided for this request's answer. Registered in the request context so the
 * error handlers can put them back: Helidon drops headers set before a failure.
 */
public record ResponseHeaders(Map<String, String> values) {

  public ResponseHeaders {
    values = Map.copyOf(values);
  }

  public void applyTo(ServerResponse response) {
    values.forEach(response::header);
  }
}
