package io.tributary.edge.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import io.tributary.edge.security.Caller;
import io.tributary.schemas.json.Json;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One JSON line per request once its answer is sent: time, method, path (no query string: it holds
 * search text), status, duration, request id, trace and span id, client address and subject. Never headers,
 * tokens or bodies.
 */
public final class AccessLog implements Filter {

  /** Logger name; route it to its own appender to keep access lines apart. */
  public static final String LOGGER = "tributary.access";

  private static final Logger log = LoggerFactory.getLogger(LOGGER);

  @Override
  public void filter(FilterChain chain, RoutingRequest request, RoutingResponse response) {
    long started = System.nanoTime();
    String method = request.prologue().method().text();
    String path = request.path().rawPath();
    String client = request.remotePeer().host();
    response.whenSent(() -> {
      Map<String, Object> line = new LinkedHashMap<>();
      line.put("ts", Instant.now().toString());
      line.put("type", "access");
      line.put("method", method);
      line.put("path", path);
      line.put("status", response.status().code());
      line.put("duration_ms", Math.round((System.nanoTime() - started) / 10_000.0) / 100.0);
      line.put("request_id", RequestId.of(request));
      line.put("trace_id", request.context().get(Traceparent.class).map(Traceparent::traceId).orElse(null));
      line.put("span_id", request.context().get(Traceparent.class).map(Traceparent::spanId).orElse(null));
      line.put("client", client);
      line.put("subject", Caller.of(request).map(Caller::subject).orElse(null));
      log.info(render(line));
    });
    chain.proceed();
  }

  private static String render(Map<String, Object> line) {
    try {
      return Json.mapper().writeValueAsString(line);
    } catch (JsonProcessingException e) {
      return "{\"type\":\"access\",\"error\":\"unserialisable\"}";
    }
  }
}
