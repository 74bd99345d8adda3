package io.tributary.edge.openapi;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** {@code /openapi}: the hand-written OpenAPI 3.1 document of the API (a test keeps it equal to the routes). */
public final class OpenApiService implements HttpService {

  /** Classpath location of the document. */
  public static final String RESOURCE = "/openapi/tributary-openapi.json";

  private final byte[] document;

  public OpenApiService() {
    try (InputStream in = OpenApiService.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + RESOURCE);
      }
      this.document = in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void routing(HttpRules rules) {
    rules.get("/", this::serve);
  }

  private void serve(ServerRequest request, ServerResponse response) {
    response.header(HeaderNames.CONTENT_TYPE, "application/json");
    response.send(document);
  }
}
