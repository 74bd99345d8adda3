package io.tributary.edge.http;

import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import io.helidon.webserver.http.ServerRequest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * The W3C trace context of a request: the caller's {@code traceparent} when well-formed, else a
 * new trace with this API as its root. It travels into Kafka headers so the pipeline joins the trace.
 */
public record Traceparent(String value) {

  public static final HeaderName HEADER = HeaderNames.create("traceparent");
  /** Kafka header name, the same as the HTTP one (W3C trace context for messaging). */
  public static final String KAFKA_HEADER = "traceparent";

  // version 00: trace id and parent id must not be all zeros; other versions are not accepted.
  private static final Pattern VALID = Pattern.compile("^00-(?!0{32})[0-9a-f]{32}-(?!0{16})[0-9a-f]{16}-[0-9a-f]{2}$");
  private static final SecureRandom RANDOM = new SecureRandom();

  /** The trace context registered for {@code request}, or a fresh one. */
  public static String of(ServerRequest request) {
    return request.context().get(Traceparent.class).map(Traceparent::value).orElseGet(Traceparent::fresh);
  }

  /** The trace id part (32 hex characters). */
  public String traceId() {
    return value.substring(3, 35);
  }

  /** A routing filter that accepts or starts the trace context. */
  public static Filter filter() {
    return Traceparent::assign;
  }

  static boolean isValid(String value) {
    return VALID.matcher(value).matches();
  }

  private static void assign(FilterChain chain, RoutingRequest request, RoutingResponse response) {
    String value = request.headers().first(HEADER).map(String::strip).filter(Traceparent::isValid)
        .orElseGet(Traceparent::fresh);
    request.context().register(new Traceparent(value));
    chain.proceed();
  }

  private static String fresh() {
    byte[] traceId = new byte[16];
    byte[] spanId = new byte[8];
    RANDOM.nextBytes(traceId);
    RANDOM.nextBytes(spanId);
    return "00-" + HexFormat.of().formatHex(traceId) + "-" + HexFormat.of().formatHex(spanId) + "-01";
  }
}
