package io.tributary.edge.http;

import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import io.helidon.webserver.http.ServerRequest;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.MDC;

/** The id of one request: taken from {@code X-Request-ID} when sane, generated otherwise, always echoed. */
public record RequestId(String value) {

  public static final HeaderName HEADER = HeaderNames.create("X-Request-ID");
  /** MDC key of the request id while the request is handled; JSON log lines carry it. */
  public static final String MDC_KEY = "request_id";

  // A caller-chosen id lands in logs and Kafka headers: keep it short and printable.
  private static final Pattern ACCEPTED = Pattern.compile("^[A-Za-z0-9._:-]{1,128}$");

  /** The id registered for {@code request} by {@link #filter()}, or a fresh one. */
  public static String of(ServerRequest request) {
    return request.context().get(RequestId.class).map(RequestId::value).orElseGet(() -> UUID.randomUUID().toString());
  }

  /** A routing filter that assigns and echoes the request id. */
  public static Filter filter() {
    return RequestId::assign;
  }

  private static void assign(FilterChain chain, RoutingRequest request, RoutingResponse response) {
    String id =
        request.headers().first(HEADER).filter(v -> ACCEPTED.matcher(v).matches())
            .orElseGet(() -> UUID.randomUUID().toString());
    request.context().register(new RequestId(id));
    response.header(HEADER, id);
    MDC.put(MDC_KEY, id);
    try {
      chain.proceed();
    } finally {
      MDC.remove(MDC_KEY);
    }
  }
}
