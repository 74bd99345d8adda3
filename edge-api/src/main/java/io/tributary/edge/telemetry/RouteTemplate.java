package io.tributary.edge.telemetry;

import io.helidon.common.parameters.Parameters;
import io.helidon.webserver.http.RoutingRequest;

/**
 * The route a request took, with path parameters as {@code {name}} ({@code /api/v1/documents/{id}}):
 * a label with a bounded number of values. Requests no route matched share one value.
 */
public final class RouteTemplate {

  /** The label of every request that matched no route (answered 404 by the router). */
  static final String UNMATCHED = "unmatched";

  private RouteTemplate() {}

  /** The template of {@code request}, answered with {@code status}. */
  public static String of(RoutingRequest request, int status) {
    // Absolute: once routed, the path is relative to the service's mount point.
    String path = request.path().absolute().rawPath();
    Parameters parameters = request.path().pathParameters();
    if (parameters.isEmpty()) {
      // A 404 without parameters is the router's: the path is whatever a client (or a scanner) sent.
      return status == 404 && !path.equals("/") ? unmatchedOrKnown(path) : path;
    }
    String template = path;
    for (String name : parameters.names()) {
      String value = parameters.first(name).orElse(null);
      if (value != null && !value.isEmpty()) {
        template = template.replace("/" + value, "/{" + name + "}");
      }
    }
    return template;
  }

  private static String unmatchedOrKnown(String path) {
    return path.startsWith("/health") ? path : UNMATCHED;
  }
}
