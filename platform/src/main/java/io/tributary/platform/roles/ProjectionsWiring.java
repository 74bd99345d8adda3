package io.tributary.platform.roles;

import io.tributary.edge.http.JsonBodies;
import io.tributary.edge.projections.ProjectionsService;
import io.tributary.platform.config.Settings;
import io.tributary.projections.db.Database;
import io.tributary.projections.generations.Generation;
import io.tributary.projections.generations.GenerationStore;
import io.tributary.projections.generations.Rebuildable;
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

/** The rebuildable projections and what status and replay are built from, shared by the API and the CLI. */
public final class ProjectionsWiring {

  private ProjectionsWiring() {}

  /** Every projection that can be rebuilt as a new generation. */
  public static List<Rebuildable<?, ?>> rebuildable() {
    return List.of(new RagGenerations());
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
   */
  public static Replay<?, ?> replay(String projection, Settings settings, Database database) {
    Rebuildable<?, ?> model = rebuildable().stream().filter(p -> p.name().equals(projection)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no rebuildable projection named '" + projection
            + "'; known: " + rebuildable().stream().map(Rebuildable::name).toList()));
    if (model instanceof RagGenerations) {
      return new Replay<>(liveRag(database.jdbi()), database.jdbi(), replaySettings(settings), Topics.DOCS_EMBEDDED,
          database::waitingFor);
    }
    return new Replay<>(model, database.jdbi(), replaySettings(settings), model.topic(), database::waitingFor);
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
    return new ProjectionsService(new ProjectionStatusReader(status.jdbi(), admin, rebuildable()), launcher,
        new JsonBodies(settings.maxBodyBytes()));
  }
}
