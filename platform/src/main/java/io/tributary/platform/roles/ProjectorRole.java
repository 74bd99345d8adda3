package io.tributary.platform.roles;

import io.tributary.edge.health.ReadinessCheck;
import io.tributary.platform.config.Settings;
import io.tributary.platform.telemetry.Telemetry;
import io.tributary.projections.db.Database;
import io.tributary.projections.db.Migrations;
import io.tributary.projections.documents.DocumentFailuresProjection;
import io.tributary.projections.projector.ProjectorConfig;
import io.tributary.projections.projector.ProjectorRunner;
import io.tributary.projections.rag.RagProjection;
import io.tributary.schemas.documents.EmbeddedDocument;

/** The project role: migrates the database, then projects docs.embedded.v1 into rag.* and the dead letters into ops.document_failures. */
public final class ProjectorRole implements AutoCloseable {

  private final Database database;
  private final ProjectorRunner<String, EmbeddedDocument> runner;
  private RetiredGenerations retired;
  private final ProjectorRunner<byte[], byte[]> failures;

  private ProjectorRole(Database database, ProjectorRunner<String, EmbeddedDocument> runner,
      ProjectorRunner<byte[], byte[]> failures) {
    this.database = database;
    this.runner = runner;
    this.failures = failures;
  }

  /** Applies pending migrations and starts the rag projector. */
  public static ProjectorRole start(Settings settings, Telemetry telemetry) {
    Database database = new Database(settings.databaseUrl(), settings.dbPoolSize());
    try {
      Migrations.apply(database.dataSource());
      ProjectorRunner<String, EmbeddedDocument> runner =
          new ProjectorRunner<>(new RagProjection(), database.jdbi(),
              ProjectorConfig.of(settings.kafkaBootstrapServers()), telemetry.meters(),
              telemetry.tracing(Telemetry.PROJECTOR));
      runner.start();
      // Dead letters of the pipeline, for the documents API's "failed" status and reason.
      ProjectorRunner<byte[], byte[]> failures =
          new ProjectorRunner<>(new DocumentFailuresProjection(), database.jdbi(),
              ProjectorConfig.of(settings.kafkaBootstrapServers()), telemetry.meters(),
              telemetry.tracing(Telemetry.PROJECTOR));
      failures.start();
      ProjectorRole role = new ProjectorRole(database, runner, failures);
      role.retired = RetiredGenerations.start(ProjectionsWiring.replay(RagProjection.NAME, settings, database));
      return role;
    } catch (RuntimeException e) {
      database.close();
      throw e;
    }
  }

  /** Ready while the projector runs and its last batch did not fail. */
  public ReadinessCheck readiness() {
    return RoleReadiness.projector(RagProjection.NAME, runner::status);
  }

  @Override
  public void close() {
    try (database; runner) {
      if (retired != null) {
        retired.close();
      }
      failures.close();
    }
  }
}
