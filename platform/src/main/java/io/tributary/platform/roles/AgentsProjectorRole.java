package io.tributary.platform.roles;

import io.tributary.edge.health.ReadinessCheck;
import io.tributary.platform.config.Settings;
import io.tributary.platform.telemetry.Telemetry;
import io.tributary.projections.agents.AgentsProjection;
import io.tributary.projections.db.Database;
import io.tributary.projections.db.Migrations;
import io.tributary.projections.projector.ProjectorConfig;
import io.tributary.projections.projector.ProjectorRunner;
import io.tributary.schemas.agents.RoutingDecision;

/** Projects agents.routed.v1 into agents.routes and agents.conversations. */
public final class AgentsProjectorRole implements AutoCloseable {

  private final Database database;
  private final ProjectorRunner<String, RoutingDecision> runner;

  private AgentsProjectorRole(Database database, ProjectorRunner<String, RoutingDecision> runner) {
    this.database = database;
    this.runner = runner;
  }

  /** Applies pending migrations (a no-op after the project role did) and starts the agents projector. */
  public static AgentsProjectorRole start(Settings settings, Telemetry telemetry) {
    // Two connections: the projector's transaction and room for the status checks.
    Database database = new Database(settings.databaseUrl(), 2, "agents-projector").bindMetrics(telemetry.meters());
    try {
      Migrations.apply(database.dataSource());
      ProjectorRunner<String, RoutingDecision> runner = new ProjectorRunner<>(new AgentsProjection(), database.jdbi(),
          ProjectorConfig.of(settings.kafkaClients()), telemetry.meters(),
          telemetry.tracing(Telemetry.PROJECTOR));
      runner.start();
      return new AgentsProjectorRole(database, runner);
    } catch (RuntimeException e) {
      database.close();
      throw e;
    }
  }

  /** Ready while the projector runs and its last batch did not fail. */
  public ReadinessCheck readiness() {
    return RoleReadiness.projector(AgentsProjection.NAME, runner::status);
  }

  /** Alive while the agents projector makes progress, or has failed for less than {@code stallLimit}. */
  public ReadinessCheck liveness(java.time.Duration stallLimit) {
    return RoleReadiness.projectorAlive(AgentsProjection.NAME, runner::status, stallLimit);
  }

  @Override
  public void close() {
    try (database) {
      runner.close();
    }
  }
}
