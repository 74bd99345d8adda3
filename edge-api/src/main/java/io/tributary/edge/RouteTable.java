package io.tributary.edge;

import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * The route table of the edge API: every route {@link EdgeApi#routing} registers, as
 * {@code "GET /api/v1/search"}, read by handing it a routing builder that only writes down
 * {@code register}, {@code get}, {@code post}, ... calls. The OpenAPI document is checked against it.
 */
public final class RouteTable {

  private static final Set<String> METHODS = Set.of("get", "post", "put", "delete", "patch", "head", "options");

  private final Set<String> routes = new TreeSet<>();

  private RouteTable() {}

  /** Every route of the edge API wired with {@code services}. */
  public static Set<String> of(EdgeApi.EdgeServices services) {
    RouteTable recorder = new RouteTable();
    EdgeApi.routing(recorder.rules(HttpRouting.Builder.class, ""), services);
    return recorder.routes;
  }

  private <T> T rules(Class<T> type, String prefix) {
    InvocationHandler handler = new InvocationHandler() {
      @Override
      public Object invoke(Object proxy, Method method, Object[] args) {
        String name = method.getName();
        if (METHODS.contains(name)) {
          String path = args.length > 0 && args[0] instanceof String p ? p : "/";
          routes.add(name.toUpperCase(Locale.ROOT) + " " + join(prefix, path));
        } else if (name.equals("register") && args.length == 2 && args[0] instanceof String path
            && args[1] instanceof HttpService[] services) {
          for (HttpService service : services) {
            service.routing(rules(HttpRules.class, join(prefix, path)));
          }
        }
        return method.getReturnType().isInstance(proxy) ? proxy : null;
      }
    };
    return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler));
  }

  private static String join(String prefix, String path) {
    String joined = (prefix + (path.startsWith("/") ? path : "/" + path)).replaceAll("/+", "/");
    return joined.length() > 1 && joined.endsWith("/") ? joined.substring(0, joined.length() - 1) : joined;
  }
}
