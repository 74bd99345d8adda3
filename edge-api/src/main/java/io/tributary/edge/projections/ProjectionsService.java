package io.tributary.edge.projections;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.tributary.edge.http.ApiException;
import io.tributary.edge.http.JsonBodies;
import io.tributary.edge.http.JsonResponses;
import io.tributary.edge.security.Caller;
import io.tributary.edge.security.Role;
import io.tributary.projections.replay.ReplayLauncher;
import io.tributary.projections.replay.ReplayPlan;
import io.tributary.projections.replay.ReplayStart;
import io.tributary.projections.status.ProjectionReport;
import io.tributary.projections.status.ProjectionStatusReader;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

/**
 * {@code /api/v1/projections}: status of every projection (generations, offsets, lag, dead
 * letters, whose messages only admins see) and {@code POST /{name}/replay} to rebuild a replayable
 * one as a new generation.
 */
public final class ProjectionsService implements HttpService {

  private final ProjectionStatusReader status;
  private final ReplayLauncher replays;
  private final JsonBodies bodies;

  public ProjectionsService(ProjectionStatusReader status, ReplayLauncher replays, JsonBodies bodies) {
    this.status = requireNonNull(status, "status");
    this.replays = requireNonNull(replays, "replays");
    this.bodies = requireNonNull(bodies, "bodies");
  }

  @Override
  public void routing(HttpRules rules) {
    rules.get("/", this::list)
        .get("/{name}", this::one)
        .post("/{name}/replay", this::replay);
  }

  private void list(ServerRequest request, ServerResponse response) {
    JsonResponses.send(response, 200, Map.of("projections",
        status.all().stream().map(report -> forCaller(request, report)).toList()));
  }

  private void one(ServerRequest request, ServerResponse response) {
    String name = request.path().pathParameters().get("name");
    ProjectionReport report = status.one(name).orElseThrow(() -> notFound(name));
    JsonResponses.send(response, 200, forCaller(request, report));
  }

  /** Dead letters of every tenant share one table: only admins see their messages. */
  private static ProjectionReport forCaller(ServerRequest request, ProjectionReport report) {
    boolean admin = Caller.of(request).map(caller -> caller.has(Role.ADMIN)).orElse(false);
    return admin ? report : report.withoutDeadLetterDetails();
  }

  private void replay(ServerRequest request, ServerResponse response) {
    String name = request.path().pathParameters().get("name");
    if (replays.replay(name).isEmpty()) {
      throw status.names().contains(name) ? notReplayable(name) : notFound(name);
    }
    // The body is optional: {"from": "beginning" | ISO-8601 time, "dry_run": bool}.
    JsonNode body = request.content().hasEntity() ? bodies.readObject(request) : null;
    ReplayStart start = start(body == null ? null : body.get("from"));
    boolean dryRun = body != null && body.path("dry_run").asBoolean(false);
    if (dryRun) {
      JsonResponses.send(response, 200, new Planned("dry-run", plan(name, start)));
      return;
    }
    ReplayPlan plan;
    try {
      plan = replays.launch(name, start);
    } catch (IllegalStateException e) {
      throw new ApiException(409, "REPLAY_IN_PROGRESS", e.getMessage());
    }
    response.header(HeaderNames.LOCATION, "/api/v1/projections/" + name);
    JsonResponses.send(response, 202, new Planned("started", plan));
  }

  private ReplayPlan plan(String name, ReplayStart start) {
    return replays.replay(name).orElseThrow(() -> notFound(name)).plan(start);
  }

  private static ReplayStart start(JsonNode from) {
    if (from == null || from.isNull() || from.asText().equals("beginning")) {
      return new ReplayStart.FromBeginning();
    }
    try {
      return new ReplayStart.FromTime(Instant.parse(from.asText()));
    } catch (DateTimeParseException e) {
      throw ApiException.badRequest("from", "must be \"beginning\" or an ISO-8601 instant such as 2026-01-01T00:00:00Z");
    }
  }

  /** A projection that keeps no generations (such as {@code agents}) has nothing to rebuild beside the live one. */
  private ApiException notReplayable(String name) {
    return new ApiException(409, "NOT_REPLAYABLE", "projection '" + name
        + "' keeps no generations and cannot be replayed; replayable: " + replays.names());
  }

  private static ApiException notFound(String name) {
    return new ApiException(404, "NOT_FOUND", "no projection named '" + name + "'");
  }

  /** The answer to a replay request: what it will read, per partition. */
  private record Planned(String status, String projection, String topic, String from, int liveGeneration,
      long recordsExpected, List<Map<String, Long>> partitions) {

    Planned(String status, ReplayPlan plan) {
      this(status, plan.projection(), plan.topic(), plan.start().describe(), plan.liveGeneration(),
          plan.recordsExpected(), plan.startOffsets().keySet().stream()
              .sorted(java.util.Comparator.comparingInt(org.apache.kafka.common.TopicPartition::partition))
              .map(p -> Map.of("partition", (long) p.partition(), "start_offset", plan.startOffsets().get(p),
                  "end_offset", plan.endOffsets().get(p)))
              .toList());
    }
  }
}
