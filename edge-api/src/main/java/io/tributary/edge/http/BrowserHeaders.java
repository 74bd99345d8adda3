package io.tributary.edge.http;

import static java.util.Objects.requireNonNull;

import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The headers browsers act on: security headers on every answer, CORS headers for allowed
 * origins, and CORS preflight answered here (before authentication, as preflights carry no token).
 */
public final class BrowserHeaders implements Filter {

  private static final HeaderName REQUEST_METHOD = HeaderNames.create("Access-Control-Request-Method");
  static final Map<String, String> SECURITY = securityHeaders();

  private final CorsPolicy cors;

  public BrowserHeaders(CorsPolicy cors) {
    this.cors = requireNonNull(cors, "cors");
  }

  private static Map<String, String> securityHeaders() {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("X-Content-Type-Options", "nosniff");
    headers.put("X-Frame-Options", "DENY");
    // Browsers ignore HSTS over plain HTTP; behind a TLS proxy it pins the API to HTTPS.
    headers.put("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
    headers.put("Referrer-Policy", "no-referrer");
    headers.put("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=(), usb=()");
    return Map.copyOf(headers);
  }

  @Override
  public void filter(FilterChain chain, RoutingRequest request, RoutingResponse response) {
    Map<String, String> headers = new LinkedHashMap<>(SECURITY);
    Optional<String> origin = request.headers().first(HeaderNames.ORIGIN);
    boolean allowed = origin.filter(cors::allows).isPresent();
    if (origin.isPresent()) {
      headers.put("Vary", "Origin");
    }
    if (allowed) {
      headers.put("Access-Control-Allow-Origin", origin.get());
      headers.put("Access-Control-Expose-Headers", CorsPolicy.EXPOSED_HEADERS);
    }
    ResponseHeaders decided = new ResponseHeaders(headers);
    request.context().register(decided);
    decided.applyTo(response);
    boolean preflight = Method.OPTIONS.equals(request.prologue().method()) && origin.isPresent()
        && request.headers().contains(REQUEST_METHOD);
    if (!preflight) {
      chain.proceed();
      return;
    }
    if (!allowed) {
      throw new ApiException(403, "CORS_ORIGIN_NOT_ALLOWED", "origin " + origin.get() + " is not allowed");
    }
    response.header("Access-Control-Allow-Methods", CorsPolicy.ALLOWED_METHODS);
    response.header("Access-Control-Allow-Headers", CorsPolicy.ALLOWED_HEADERS);
    response.header("Access-Control-Max-Age", CorsPolicy.MAX_AGE_SECONDS);
    response.status(204).send();
  }
}
