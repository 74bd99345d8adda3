package io.tributary.edge.telemetry;

import static java.util.Objects.requireNonNull;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.function.Supplier;

/**
 * {@code GET /metrics}: the process's meters in the Prometheus text format. Unauthenticated like
 * {@code /health} (outside {@code /api/}); restrict it at the network if the numbers are sensitive.
 */
public final class MetricsService implements HttpService {

  /** The Prometheus text exposition format, version 0.0.4. */
  public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private final Supplier<String> scrape;

  public MetricsService(Supplier<String> scrape) {
    this.scrape = requireNonNull(scrape, "scrape");
  }

  @Override
  public void routing(HttpRules rules) {
    rules.get("/", this::metrics);
  }

  private void metrics(ServerRequest request, ServerResponse response) {
    response.header(HeaderNames.CONTENT_TYPE, CONTENT_TYPE);
    response.send(scrape.get());
  }
}
