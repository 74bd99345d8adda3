package io.tributary.edge.lag;

import static java.util.Objects.requireNonNull;

import io.helidon.http.HeaderNames;
import io.helidon.http.sse.SseEvent;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.helidon.webserver.sse.SseSink;
import io.tributary.edge.http.ApiException;
import io.tributary.edge.http.JsonResponses;
import io.tributary.monitoring.lag.LagCollector;
import io.tributary.monitoring.lag.LagSnapshot;
import io.tributary.schemas.json.Json;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * {@code /api/v1/lag}: the current lag per group and partition, its history for charts, and a server-sent
 * event stream with every new sample. Lag spans tenants: {@code AccessRules} admits admins only.
 */
public final class LagService implements HttpService {

  /** Consumer group ids as Kafka allows them in practice (letters, digits, {@code . _ -}). */
  private static final Pattern GROUP = Pattern.compile("[A-Za-z0-9._-]{1,255}");
  private static final int MAX_MINUTES = 24 * 60;
  private static final int DEFAULT_MINUTES = 15;
  private static final Duration KEEP_ALIVE = Duration.ofSeconds(15);

  private final LagCollector collector;

  public LagService(LagCollector collector) {
    this.collector = requireNonNull(collector, "collector");
  }

  @Override
  public void routing(HttpRules rules) {
    rules.get("/", this::current)
        .get("/history", this::history)
        .get("/stream", this::stream);
  }

  private void current(ServerRequest request, ServerResponse response) {
    Optional<String> group = group(request);
    LagSnapshot snapshot = collector.latest();
    if (group.isPresent()) {
      if (snapshot.group(group.get()).isEmpty()) {
        throw groupNotFound(group.get());
      }
      snapshot = snapshot.only(group.get());
    }
    JsonResponses.send(response, 200, LagViews.current(snapshot, collector.settings(), collector.lastError()));
  }

  private void history(ServerRequest request, ServerResponse response) {
    Optional<String> group = group(request);
    int minutes = minutes(request);
    List<LagSnapshot> snapshots = collector.history(Duration.ofMinutes(minutes));
    if (group.isPresent()) {
      boolean known = snapshots.stream().anyMatch(s -> s.group(group.get()).isPresent());
      if (!known) {
        throw groupNotFound(group.get());
      }
      snapshots = snapshots.stream().map(s -> s.only(group.get())).toList();
    }
    JsonResponses.send(response, 200, LagViews.history(snapshots, minutes, collector.settings()));
  }

  private void stream(ServerRequest request, ServerResponse response) {
    boolean eventStream = request.headers().contains(HeaderNames.ACCEPT) && request.headers()
        .get(HeaderNames.ACCEPT).allValues().stream().anyMatch(value -> value.contains("text/event-stream"));
    if (!eventStream) {
      // Helidon opens an SSE sink only for clients that ask for one.
      throw new ApiException(406, "NOT_ACCEPTABLE",
          "this is a server-sent event stream: send Accept: text/event-stream");
    }
    BlockingQueue<LagSnapshot> samples = new LinkedBlockingQueue<>(16);
    try (AutoCloseable subscription = collector.subscribe(samples::offer); SseSink sink = response.sink(SseSink.TYPE)) {
      sink.emit(event(collector.latest()));
      // Runs on the request's virtual thread until the client goes away (emit fails) or the server stops.
      while (!Thread.currentThread().isInterrupted()) {
        LagSnapshot next = samples.poll(KEEP_ALIVE.toMillis(), TimeUnit.MILLISECONDS);
        sink.emit(next == null ? SseEvent.builder().comment("keep-alive").build() : event(next));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (UncheckedIOException e) {
      // The client closed the stream.
    } catch (Exception e) {
      if (!(e instanceof RuntimeException runtime)) {
        throw new IllegalStateException(e);
      }
      if (!response.isSent()) {
        throw runtime;
      }
    }
  }

  private SseEvent event(LagSnapshot snapshot) {
    try {
      String json = Json.mapper().writeValueAsString(
          LagViews.current(snapshot, collector.settings(), collector.lastError()));
      return SseEvent.builder().name("lag").data(json).build();
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise a lag snapshot", e);
    }
  }

  private static Optional<String> group(ServerRequest request) {
    Optional<String> group = request.query().first("group").asOptional();
    if (group.isPresent() && !GROUP.matcher(group.get()).matches()) {
      throw ApiException.badRequest("group", "must be 1 to 255 letters, digits, '.', '_' or '-'");
    }
    return group;
  }

  private static int minutes(ServerRequest request) {
    Optional<String> raw = request.query().first("minutes").asOptional();
    if (raw.isEmpty()) {
      return DEFAULT_MINUTES;
    }
    try {
      int minutes = Integer.parseInt(raw.get());
      if (minutes >= 1 && minutes <= MAX_MINUTES) {
        return minutes;
      }
    } catch (NumberFormatException e) {
      // Falls through to the same answer as an out-of-range number.
    }
    throw ApiException.badRequest("minutes", "must be an integer between 1 and " + MAX_MINUTES);
  }

  private static ApiException groupNotFound(String group) {
    return new ApiException(404, "LAG_GROUP_NOT_FOUND", "no consumer group '" + group + "' was sampled");
  }
}
