package io.tributary.edge.http;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import io.tributary.schemas.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Locale;

/** Reads a JSON request body with a size limit and a media-type check, answering 413/415/400. */
public final class JsonBodies {

  private final long maxBytes;

  public JsonBodies(long maxBytes) {
    this.maxBytes = maxBytes;
  }

  /** The body of {@code request} as a JSON object. */
  public JsonNode readObject(ServerRequest request) {
    String contentType =
        request.headers().first(HeaderNames.CONTENT_TYPE).orElse("").toLowerCase(Locale.ROOT);
    if (!contentType.startsWith("application/json")) {
      throw new ApiException(415, "UNSUPPORTED_MEDIA_TYPE",
          "Content-Type must be application/json, was '" + contentType + "'");
    }
    byte[] bytes = readBounded(request);
    JsonNode node;
    try {
      node = Json.mapper().readTree(bytes);
    } catch (JacksonException e) {
      throw new ApiException(400, "MALFORMED_JSON", "request body is not well-formed JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (node == null || !node.isObject()) {
      throw new ApiException(400, "MALFORMED_JSON", "request body must be a JSON object");
    }
    return node;
  }

  private byte[] readBounded(ServerRequest request) {
    long declared = request.headers().contentLength().orElse(-1L);
    if (declared > maxBytes) {
      throw tooLarge();
    }
    try (InputStream in = request.content().inputStream()) {
      byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
      if (bytes.length > maxBytes) {
        throw tooLarge();
      }
      return bytes;
    } catch (IOException e) {
      throw new ApiException(400, "UNREADABLE_BODY", "request body could not be read");
    }
  }

  private ApiException tooLarge() {
    return new ApiException(413, "PAYLOAD_TOO_LARGE", "request body exceeds " + maxBytes + " bytes");
  }
}
