package io.tributary.edge.http;

import static io.tributary.edge.testing.Http.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.webserver.WebServer;
import io.tributary.edge.EdgeApi;
import io.tributary.edge.testing.EdgeFixture;
import io.tributary.edge.testing.Http;
import io.tributary.edge.testing.TestIssuer;
import io.tributary.embedded.EmbeddedKafka;
import io.tributary.embedded.testing.EmbeddedKafkaExtension;
import io.tributary.embedded.testing.EmbeddedPostgresExtension;
import io.tributary.embedded.testing.TestDatabase;
import io.tributary.schemas.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Raw requests and unexpected failures still end in the one envelope, and odd paths never skip authentication. */
@Tag("integration")
@ExtendWith({EmbeddedKafkaExtension.class, EmbeddedPostgresExtension.class})
class ErrorEnvelopeTest {

  private static TestIssuer issuer;
  private static EdgeFixture fixture;
  private static int port;

  @BeforeAll
  static void start(EmbeddedKafka kafka, TestDatabase db) {
    issuer = new TestIssuer();
    fixture = new EdgeFixture(kafka.bootstrapServers(), db.jdbcUrl());
    port = fixture.start(EdgeFixture.bearer(issuer.issuer(), CorsPolicy.none(), 0, 0)).port();
  }

  @AfterAll
  static void stop() {
    if (fixture != null) {
      fixture.close();
    }
    if (issuer != null) {
      issuer.close();
    }
  }

  /** Sends {@code requestLine} as typed (no client-side normalisation); returns status line and body. */
  private static String[] raw(String requestLine) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(3_000);
      socket.getOutputStream().write((requestLine + "\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      byte[] buffer = new byte[4096];
      try {
        for (int n; (n = in.read(buffer)) > 0; ) {
          bytes.write(buffer, 0, n);
        }
      } catch (SocketTimeoutException e) {
        // the server kept the connection open; what arrived is the whole answer
      }
      String answer = bytes.toString(StandardCharsets.UTF_8);
      int split = answer.indexOf("\r\n\r\n");
      return new String[] {answer.lines().findFirst().orElse(""), split < 0 ? "" : answer.substring(split + 4)};
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"/health/../api/v1/search?q=x", "//api/v1/search?q=x", "/./api/v1/search?q=x",
      "/health/live/../../api/v1/search?q=x", "/api//v1/search?q=x"})
  void shouldNeverLetAPathTrickReachARouteWithoutAuthentication(String path) throws Exception {
    String[] answer = raw("GET " + path + " HTTP/1.1");

    assertThat(answer[0]).startsWith("HTTP/1.1 401");
  }

  @Test
  void shouldAnswerARequestHelidonRefusesBeforeRoutingWithTheEnvelope() throws Exception {
    String[] answer = raw("GET /api/v1/search?q=%zz HTTP/1.1");

    assertThat(answer[0]).startsWith("HTTP/1.1 400");
    JsonNode body = Json.mapper().readTree(answer[1]);
    assertThat(body.path("status").asInt()).isEqualTo(400);
    assertThat(body.path("code").asText()).isEqualTo("BAD_REQUEST");
    assertThat(body.path("request_id").asText()).isNotBlank();
  }

  @Test
  void shouldAnswerAnUnexpectedFailureWith500AndNoInternals() {
    WebServer server = WebServer.builder().host("127.0.0.1").port(0).shutdownHook(false)
        .routing(routing -> {
          routing.get("/api/v1/boom", (request, response) -> {
            throw new IllegalStateException("SELECT secret FROM rag.chunks failed at org.postgresql.Driver");
          });
          EdgeApi.routing(routing, fixture.services(), EdgeFixture.bearer(issuer.issuer(), CorsPolicy.none(), 0, 0));
        })
        .build().start();
    try {
      HttpResponse<String> response = new Http(server.port()).get("/api/v1/boom", issuer.token("u", "t", "tributary.read"));

      assertThat(response.statusCode()).isEqualTo(500);
      JsonNode body = json(response);
      assertThat(body.path("code").asText()).isEqualTo("INTERNAL_ERROR");
      assertThat(body.path("message").asText()).contains(body.path("request_id").asText());
      assertThat(response.body()).doesNotContain("SELECT").doesNotContain("postgresql").doesNotContain("Exception")
          .doesNotContain("at ");
    } finally {
      server.stop();
    }
  }
}
