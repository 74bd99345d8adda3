package io.tributary.edge.lag;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.tributary.edge.http.ApiException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * {@code /dashboard}: the operator's lag page, static files from the jar. The page itself holds no data and
 * needs no token; its scripts call the admin-only API with the token the operator pastes in.
 */
public final class DashboardService implements HttpService {

  /** Only this origin's scripts, styles and connections; no inline code, no framing. */
  static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
      + "img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; "
      + "frame-ancestors 'none'";

  private static final Map<String, String> ASSETS = Map.of(
      "index.html", "text/html; charset=utf-8",
      "dashboard.js", "text/javascript; charset=utf-8",
      "charts.js", "text/javascript; charset=utf-8",
      "dashboard.css", "text/css; charset=utf-8");

  private final Map<String, byte[]> content;

  public DashboardService() {
    content = ASSETS.keySet().stream().collect(java.util.stream.Collectors.toUnmodifiableMap(name -> name,
        DashboardService::read));
  }

  private static byte[] read(String name) {
    try (InputStream in = DashboardService.class.getResourceAsStream("/dashboard/" + name)) {
      if (in == null) {
        throw new IllegalStateException("dashboard asset missing from the jar: " + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void routing(HttpRules rules) {
    rules.get("/", (request, response) -> send(response, "index.html"))
        .get("/{asset}", this::asset);
  }

  private void asset(ServerRequest request, ServerResponse response) {
    String asset = request.path().pathParameters().get("asset");
    if (!content.containsKey(asset) || asset.equals("index.html")) {
      throw new ApiException(404, "ASSET_NOT_FOUND", "no dashboard file '" + asset + "'");
    }
    send(response, asset);
  }

  private void send(ServerResponse response, String asset) {
    response.header(HeaderNames.CONTENT_TYPE, ASSETS.get(asset));
    response.header("Content-Security-Policy", CONTENT_SECURITY_POLICY);
    response.header(HeaderNames.CACHE_CONTROL, "no-cache");
    response.send(content.get(asset));
  }
}
