package io.tributary.platform.roles;

import io.tributary.edge.http.JsonBodies;
import io.tributary.edge.projections.ProjectionsService;
import io.tributary.platform.UserError;
import io.tributary.platform.config.Settings;
import io.tributary.projections.agents.AgentLabelsProjection;
import io.tributary.projections.agents.AgentsProjection;
import io.tributary.projections.db.Database;
import io.tributary.projections.documents.DocumentFailuresProjection;
import io.tributary.projections.generations.Generation;
import io.tributary.projections.generations.GenerationStore;
import io.tributary.projections.generations.Rebuildable;
import io.tributary.projections.projector.Projection;
import io.tributary.projections.rag.RagGenerations;
import io.tributary.projections.rag.RagProjection;
import io.tributary.projections.replay.Replay;
import io.tributary.projections.replay.ReplayLauncher;
import io.tributary.projections.replay.ReplaySettings;
import io.tributary.projections.status.ProjectionStatusReader;
import io.tributary.schemas.topics.Topics;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.admin.Admin;
import org.jdbi.v3.core.Jdbi;

/**
 * The projections the product runs, the rebuildable ones among them, and what status, dead-letter
 * resolution and replay are built from, shared by the API and the CLI.
 */
public final class ProjectionsWiring {

  private ProjectionsWiring() {}

  /**
   * Every projection the product runs: {@code rag} and {@code document-failures} (the project role),
   * {@code agents} and {@code agent-labels} (the agents projector). {@code rag} reads docs.embedded.v1
   * here; {@link #projection} binds it to the topic its live generation follows.
   */
  public static List<Projection<?, ?>> projections() {
    return List.of(new RagProjection(), new DocumentFailuresProjection(), new AgentsProjection(),
        new AgentLabelsProjection());
  }

  /** The names of {@link #projections()}. */
  public static List<String> names() {
    return projections().stream().map(Projection::name).toList();
  }

  /**
   * The projection named {@code name} as it runs now ({@code rag} reading the topic its live
   * generation follows), for resolving its dead letters.
   *
   * @throws UserError naming the known projections when none is named {@code name}
   */
  public static Projection<?, ?> projection(String name, Jdbi jdbi) {
    if (name.equals(RagProjection.NAME)) {
      return new RagProjection(liveRag(jdbi).topic());
    }
    return projections().stream().filter(p -> p.name().equals(name)).findFirst()
        .orElseThrow(() -> new UserError("no projection named '" + name + "'; known: " + names()));
  }

  /** Every projection that can be rebuilt as a new generation: a subset of {@link #projections()}. */
  public static List<Rebuildable<?, ?>> rebuildable() {
    return List.of(new RagGenerations());
  }

  /** Status of every projection through {@code jdbi} and {@code admin}; only the rebuildable ones are replayable. */
  public static ProjectionStatusReader status(Jdbi jdbi, Admin admin) {
    return new ProjectionStatusReader(jdbi, admin, projections(), rebuildable());
  }

  /** The replay settings from configuration. */
  public static ReplaySettings replaySettings(Settings settings) {
    return ReplaySettings.of(settings.kafkaClients()).withRetireGrace(settings.replayRetireGrace())
        .withLimits(settings.replayLimits());
  }

  /**
   * The pool replays and rolls build with: {@code TRIBUTARY_REPLAY_MAX_CONNECTIONS} plus {@code
   * extra} for the caller's own calls beside the build; a call finding it exhausted waits and says why.
   */
  public static Database buildDatabase(Settings settings, int extra, String poolName) {
    return Database.forLongJobs(settings.databaseUrl(), settings.replayLimits().maxConnections() + extra, poolName);
  }

  /**
   * A replay of {@code projection} (a name from {@link #rebuildable()}), reading the topic its live
   * generation follows now (after a roll, the profile's topic), looked up when the replay is made.
   *
   * @throws UserError naming the replayable projections when {@code projection} is not one of them
   */
  public static Replay<?, ?> replay(String projection, Settings settings, Database database) {
    Rebuildable<?, ?> model = rebuildable().stream().filter(p -> p.name().equals(projection)).findFirst()
        .orElseThrow(() -> notReplayable(projection));
    if (model instanceof RagGenerations) {
      return new Replay<>(liveRag(database.jdbi()), database.jdbi(), replaySettings(settings), Topics.DOCS_EMBEDDED,
          database::waitingFor);
    }
    return new Replay<>(model, database.jdbi(), replaySettings(settings), model.topic(), database::waitingFor);
  }

  /** Why {@code projection} cannot be replayed, naming those that can. */
  private static UserError notReplayable(String projection) {
    List<String> replayable = rebuildable().stream().map(Rebuildable::name).toList();
    return new UserError(names().contains(projection)
        ? "projection '" + projection + "' keeps no generations and cannot be replayed; replayable: " + replayable
        : "no projection named '" + projection + "'; replayable: " + replayable);
  }

  /** The rag generations bound to the topic and embedding profile the live generation follows. */
  public static RagGenerations liveRag(Jdbi jdbi) {
    Optional<Generation> live = jdbi.withHandle(handle -> new GenerationStore().liveGeneration(handle, RagProjection.NAME));
    return live.filter(g -> g.sourceTopic() != null)
        .map(g -> new RagGenerations(Topics.embeddedNamed(g.sourceTopic()), g.embeddingProfile()))
        .orElseGet(RagGenerations::new);
  }

  /** Replays of every rebuildable projection, built in {@code builds}, for the API and its rescue. */
  public static ReplayLauncher launcher(Settings settings, Database builds) {
    return ReplayLauncher.of(rebuildable().stream().map(Rebuildable::name).toList(),
        name -> replay(name, settings, builds));
  }

  /**
   * {@code /api/v1/projections}: status read through {@code status}, replays built in {@code builds}
   * (their own pool, so a status read never waits behind an index build and a build never starves
   * for a status read).
   */
  public static ProjectionsService service(Settings settings, Database status, Database builds, Admin admin) {
    ReplayLauncher launcher = launcher(settings, builds);
    return new ProjectionsService(status(status.jdbi(), admin), launcher, new JsonBodies(settings.maxBodyBytes()));
  }
}
