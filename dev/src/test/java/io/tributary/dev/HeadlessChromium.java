package io.tributary.dev;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.schemas.json.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Debian's chromium, headless, with a fresh profile, driven over the DevTools protocol (a WebSocket on a
 * loopback port chromium picks): evaluate JavaScript in the page and take screenshots.
 */
final class HeadlessChromium implements AutoCloseable {

  static final Path BINARY = Path.of(System.getenv().getOrDefault("TRIBUTARY_CHROMIUM", "/usr/bin/chromium"));
  private static final Pattern LISTENING = Pattern.compile("DevTools listening on ws://127\\.0\\.0\\.1:(\\d+)/");

  private final Process process;
  private final Path profile;
  private final WebSocket page;
  private final AtomicInteger ids = new AtomicInteger();
  private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();

  private HeadlessChromium(Process process, Path profile, WebSocket page) {
    this.process = process;
    this.profile = profile;
    this.page = page;
  }

  /** Fails (never skips) when chromium is not installed: a browser test that silently skips proves nothing. */
  static void requireInstalled() {
    if (!Files.isExecutable(BINARY)) {
      throw new AssertionError("the browser test needs Debian's chromium at " + BINARY
          + " (apt-get install -y chromium; infra/scripts/install-services.sh installs it)");
    }
  }

  /** Starts chromium on {@code url}; fails when chromium is not installed. */
  static HeadlessChromium open(String url) throws Exception {
    requireInstalled();
    Path profile = Files.createTempDirectory("tributary-chromium");
    Process process = new ProcessBuilder(BINARY.toString(), "--headless", "--no-sandbox", "--disable-gpu",
        "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--user-data-dir=" + profile, "--remote-debugging-port=0", "--window-size=1400,1700",
        "--hide-scrollbars", url).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    try {
      int port = devToolsPort(process);
      HttpClient http = HttpClient.newHttpClient();
      String targets = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list")).build(),
          HttpResponse.BodyHandlers.ofString()).body();
      String pageUrl = null;
      for (JsonNode target : Json.mapper().readTree(targets)) {
        if (target.path("type").asText().equals("page")) {
          pageUrl = target.path("webSocketDebuggerUrl").asText();
        }
      }
      if (pageUrl == null) {
        throw new AssertionError("chromium opened no page: " + targets);
      }
      HeadlessChromium[] self = new HeadlessChromium[1];
      WebSocket socket = http.newWebSocketBuilder().buildAsync(URI.create(pageUrl), new WebSocket.Listener() {
        private final StringBuilder frame = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
          frame.append(data);
          if (last) {
            self[0].dispatch(frame.toString());
            frame.setLength(0);
          }
          webSocket.request(1);
          return null;
        }
      }).get(10, TimeUnit.SECONDS);
      self[0] = new HeadlessChromium(process, profile, socket);
      return self[0];
    } catch (Exception | AssertionError e) {
      process.destroyForcibly();
      delete(profile);
      throw e;
    }
  }

  private static int devToolsPort(Process process) throws IOException {
    BufferedReader err = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8));
    String line;
    while ((line = err.readLine()) != null) {
      Matcher matcher = LISTENING.matcher(line);
      if (matcher.find()) {
        // Keep draining stderr so chromium never blocks on a full pipe.
        Thread.ofVirtual().start(() -> err.lines().forEach(l -> { }));
        return Integer.parseInt(matcher.group(1));
      }
    }
    throw new AssertionError("chromium exited before opening DevTools (exit " + process.exitValue() + ")");
  }

  private void dispatch(String message) {
    try {
      JsonNode json = Json.mapper().readTree(message);
      if (json.has("id")) {
        CompletableFuture<JsonNode> waiting = pending.remove(json.path("id").asInt());
        if (waiting != null) {
          waiting.complete(json);
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("unreadable DevTools message", e);
    }
  }

  private JsonNode call(String method, ObjectNode params) throws Exception {
    int id = ids.incrementAndGet();
    CompletableFuture<JsonNode> answer = new CompletableFuture<>();
    pending.put(id, answer);
    ObjectNode request = Json.mapper().createObjectNode().put("id", id).put("method", method);
    request.set("params", params);
    page.sendText(Json.mapper().writeValueAsString(request), true).get(10, TimeUnit.SECONDS);
    JsonNode response = answer.get(30, TimeUnit.SECONDS);
    if (response.has("error")) {
      throw new AssertionError(method + " failed: " + response.path("error"));
    }
    return response.path("result");
  }

  /** The value of {@code expression} evaluated in the page (JSON-serialisable values only). */
  JsonNode evaluate(String expression) throws Exception {
    ObjectNode params = Json.mapper().createObjectNode().put("expression", expression).put("returnByValue", true);
    JsonNode result = call("Runtime.evaluate", params);
    if (result.has("exceptionDetails")) {
      throw new AssertionError("page script failed: " + result.path("exceptionDetails"));
    }
    return result.path("result").path("value");
  }

  /** Saves a PNG of the whole page to {@code file}. */
  void screenshot(Path file) throws Exception {
    ObjectNode params = Json.mapper().createObjectNode().put("format", "png").put("captureBeyondViewport", true);
    byte[] png = Base64.getDecoder().decode(call("Page.captureScreenshot", params).path("data").asText());
    Files.createDirectories(file.getParent());
    Files.write(file, png);
  }

  @Override
  public void close() throws Exception {
    page.abort();
    process.destroy();
    if (!process.waitFor(5, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
    }
    delete(profile);
  }

  private static void delete(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      // A leftover profile in the temp directory harms nothing.
    }
  }
}
