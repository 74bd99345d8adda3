package io.tributary.platform.logging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.webserver.WebServer;
import io.tributary.edge.EdgeApi;
import io.tributary.edge.health.HealthService;
import io.tributary.edge.http.AccessLog;
import io.tributary.schemas.json.Json;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class JsonLogsTest {

  private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String TOKEN = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJzZWNyZXQifQ.c2lnbmF0dXJl";

  @Test
  void shouldCarryTheTraceAndRequestIdsOnALineLoggedInsideARequestAndNeverTheToken() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    OutputStreamAppender<ILoggingEvent> appender = jsonAppender(out);
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    Logger access = (Logger) LoggerFactory.getLogger(AccessLog.LOGGER);
    root.addAppender(appender);
    access.addAppender(appender);
    org.slf4j.Logger probe = LoggerFactory.getLogger("tributary.test.probe");
    WebServer server = WebServer.builder().host("127.0.0.1").port(0).shutdownHook(false)
        .routing(routing -> {
          routing.get("/probe", (request, response) -> {
            probe.atInfo().addKeyValue("document", "doc-1").log("inside a request");
            response.send("ok");
          });
          EdgeApi.routing(routing, new EdgeApi.EdgeServices(null, null, new HealthService(List.of())));
        })
        .build().start();
    try {
      HttpResponse<String> response = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/probe"))
              .header("X-Request-ID", "req-42").header("Authorization", "Bearer " + TOKEN)
              .header("traceparent", "00-" + TRACE + "-00f067aa0ba902b7-01").build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).isEqualTo(200);
    } finally {
      server.stop();
      root.detachAppender(appender);
      access.detachAppender(appender);
    }

    String logged = out.toString(StandardCharsets.UTF_8);
    JsonNode line = lines(logged).stream().filter(l -> l.path("message").asText().equals("inside a request"))
        .findFirst().orElseThrow();
    assertThat(line.path("trace_id").asText()).isEqualTo(TRACE);
    assertThat(line.path("span_id").asText()).hasSize(16);
    assertThat(line.path("request_id").asText()).isEqualTo("req-42");
    assertThat(line.path("document").asText()).isEqualTo("doc-1");
    assertThat(line.path("level").asText()).isEqualTo("INFO");
    assertThat(logged).doesNotContain(TOKEN).doesNotContain(TOKEN.split("\\.")[1]);
  }

  @Test
  void shouldWriteAnExceptionAsItsClassAndStackTraceOnOneLine() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    OutputStreamAppender<ILoggingEvent> appender = jsonAppender(out);
    Logger logger = (Logger) LoggerFactory.getLogger("tributary.test.failure");
    logger.addAppender(appender);
    try {
      logger.warn("batch failed", new IllegalStateException("boom"));
    } finally {
      logger.detachAppender(appender);
    }

    String logged = out.toString(StandardCharsets.UTF_8);
    assertThat(logged.strip().lines()).hasSize(1);
    JsonNode line = lines(logged).getFirst();
    assertThat(line.path("error").asText()).isEqualTo(IllegalStateException.class.getName());
    assertThat(line.path("stack_trace").asText()).contains("boom").contains("JsonLogsTest");
  }

  @Test
  void shouldSelectTheJsonOrTextAppenderOfTheProductionConfiguration() throws Exception {
    assertThat(rootAppenderEncoder("json")).isInstanceOf(JsonLineEncoder.class);
    assertThat(rootAppenderEncoder("text")).isInstanceOf(LayoutWrappingEncoder.class);
  }

  @Test
  void shouldDefaultToTextForDevAndJsonOtherwiseAndRefuseOtherFormats() {
    assertThat(LogFormat.choose(new String[] {"dev"}, Map.of())).isEqualTo("text");
    assertThat(LogFormat.choose(new String[] {"api"}, Map.of())).isEqualTo("json");
    assertThat(LogFormat.choose(new String[] {}, Map.of())).isEqualTo("json");
    assertThat(LogFormat.choose(new String[] {"dev"}, Map.of("TRIBUTARY_LOG_FORMAT", "JSON"))).isEqualTo("json");
    assertThat(LogFormat.choose(new String[] {"api"}, Map.of("TRIBUTARY_LOG_FORMAT", "text"))).isEqualTo("text");
    assertThatThrownBy(() -> LogFormat.choose(new String[] {"api"}, Map.of("TRIBUTARY_LOG_FORMAT", "xml")))
        .hasMessageContaining("TRIBUTARY_LOG_FORMAT");
  }

  private static Object rootAppenderEncoder(String format) throws Exception {
    LoggerContext context = new LoggerContext();
    context.putProperty(LogFormat.PROPERTY, format);
    JoranConfigurator configurator = new JoranConfigurator();
    configurator.setContext(context);
    configurator.doConfigure(JsonLogsTest.class.getResource("/logback.xml"));
    try {
      var appenders = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).iteratorForAppenders();
      assertThat(appenders.hasNext()).as("root appender for " + format).isTrue();
      var appender = appenders.next();
      assertThat(appender.getName()).isEqualTo("STDERR");
      return ((OutputStreamAppender<ILoggingEvent>) appender).getEncoder();
    } finally {
      context.stop();
    }
  }

  private static OutputStreamAppender<ILoggingEvent> jsonAppender(ByteArrayOutputStream out) {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    JsonLineEncoder encoder = new JsonLineEncoder();
    encoder.setContext(context);
    encoder.start();
    OutputStreamAppender<ILoggingEvent> appender = new OutputStreamAppender<>();
    appender.setContext(context);
    appender.setEncoder(encoder);
    appender.setOutputStream(out);
    appender.start();
    return appender;
  }

  private static List<JsonNode> lines(String logged) {
    return logged.lines().filter(l -> !l.isBlank()).map(l -> {
      try {
        return Json.mapper().readTree(l);
      } catch (Exception e) {
        throw new AssertionError("not a JSON line: " + l, e);
      }
    }).toList();
  }
}
