package io.tributary.bench.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class KeepAliveHttpTest {

  private HttpServer server;
  private final Set<Integer> clientPorts = ConcurrentHashMap.newKeySet();

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/fixed", exchange -> {
      clientPorts.add(exchange.getRemoteAddress().getPort());
      byte[] body = ("fixed " + exchange.getRequestURI().getQuery()).getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("X-Cache", "hit");
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    server.createContext("/chunked", exchange -> {
      clientPorts.add(exchange.getRemoteAddress().getPort());
      // Length 0 makes the JDK server send the body chunked.
      exchange.sendResponseHeaders(404, 0);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write("first part, ".getBytes(StandardCharsets.UTF_8));
        out.flush();
        out.write("second part".getBytes(StandardCharsets.UTF_8));
      }
    });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  @Test
  void shouldReadFixedAndChunkedBodiesOnOneKeptConnection() throws IOException {
    try (KeepAliveHttp http = new KeepAliveHttp("127.0.0.1", server.getAddress().getPort())) {
      KeepAliveHttp.Response first = http.get("/fixed?q=one");
      KeepAliveHttp.Response chunked = http.get("/chunked");
      KeepAliveHttp.Response second = http.get("/fixed?q=two");

      assertThat(first.status()).isEqualTo(200);
      assertThat(first.body()).isEqualTo("fixed q=one");
      assertThat(first.headers()).containsEntry("x-cache", "hit");
      assertThat(chunked.status()).isEqualTo(404);
      assertThat(chunked.body()).isEqualTo("first part, second part");
      assertThat(second.body()).isEqualTo("fixed q=two");
    }
    assertThat(clientPorts).as("every request on the same connection").hasSize(1);
  }
}
