package io.tributary.edge.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerResponse;
import io.tributary.schemas.json.Json;

/** Writes JSON bodies with Tributary's one JSON configuration (snake_case, ISO-8601 times). */
public final class JsonResponses {

  private JsonResponses() {}

  /** Sends {@code body} as JSON with {@code status}. */
  public static void send(ServerResponse response, int status, Object body) {
    byte[] bytes;
    try {
      bytes = Json.mapper().writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise response " + body.getClass().getSimpleName(), e);
    }
    response.status(Status.create(status));
    response.header(HeaderNames.CONTENT_TYPE, "application/json");
    response.send(bytes);
  }
}
