package io.tributary.platform.roles;

import io.tributary.edge.http.JsonBodies;
import io.tributary.edge.projections.ProjectionsService;
import io.tributary.platform.config.Settings;
import io.tributary.projections.db.Database;
import io.tributary.projections.generations.Rebuildable;
import io.tributary.projections.rag.RagGenerations;
import io.tributary.projections.replay.Replay;
import io.tributary.projections.replay.ReplayLauncher;
import io.tributary.projections.replay.ReplaySettings;
import io.tributary.projections.status.ProjectionStatusReader;
import io.tributary.projections.generations.Generation;
import io.tributary.projections.generations.GenerationStore;
import io.tributary.projections.rag.RagProjection;
import io.tributary.schemas.topics.Topics;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.apache.kafka.clients.admin.Admin;

/** The rebuildable projections and what status and replay are built from, shared by the API and the CLI. */
public final class ProjectionsWiring {

  private ProjectionsWiring() {}

  /** Every projection that can be rebuilt as a new generation. */
  public static List<Rebuildable<?, ?>> rebuildable() {
    return List.of(new RagGenerations());
  }

  /** The replay settings from configuration. */
  public static ReplaySettings replaySettings(Settings settings) {
    return ReplaySettings.of(settings.kafkaBootstrapServers()).withRetireGrace(settings.replayRetireGrace());
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
      return new Replay<>(liveRag(database.jdbi()), database.jdbi(), replaySettings(settings), Topics.DOCS_EMBEDDED);
    }
    return new Replay<>(model, database.jdbi(), replaySettings(settings));
  }

  /** The rag generations bound to the topic and embedding profile the live generation follows. */
  public static RagGenerations liveRag(Jdbi jdbi) {
    Optional<Generation> live = jdbi.withHandle(handle -> new GenerationStore().liveGeneration(handle, RagProjection.NAME));
    return live.filter(g -> g.sourceTopic() != null)
        .map(g -> new RagGenerations(Topics.embeddedNamed(g.sourceTopic()), g.embeddingProfile()))
        .orElseGet(RagGenerations::new);
  }

  /** Replays of every rebuildable projection over {@code database}, for the API. */
  public static ReplayLauncher launcher(Settings settings, Database database) {
    return ReplayLauncher.of(rebuildable().stream().map(Rebuildable::name).toList(),
        name -> replay(name, settings, database));
  }

  /** {@code /api/v1/projections} over {@code database} and {@code admin}. */
  public static ProjectionsService service(Settings settings, Database database, Admin admin) {
    ReplayLauncher launcher = launcher(settings, database);
    return new ProjectionsService(new ProjectionStatusReader(database.jdbi(), admin, rebuildable()), launcher,
        new JsonBodies(settings.maxBodyBytes()));
  }
}
