package io.tributary.platform.roles;

import io.tributary.edge.health.ReadinessCheck;
import io.tributary.platform.config.Settings;
import io.tributary.platform.roll.LiveSource;
import io.tributary.platform.telemetry.Telemetry;
import io.tributary.projections.db.Database;
import io.tributary.projections.db.Migrations;
import io.tributary.projections.documents.DocumentFailuresProjection;
import io.tributary.projections.documents.IdempotencyKeys;
import io.tributary.projections.projector.ProjectorConfig;
import io.tributary.projections.projector.ProjectorRunner;
import io.tributary.projections.rag.RagProjection;
import io.tributary.schemas.documents.EmbeddedDocument;
import io.tributary.schemas.topics.Topic;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The project role: migrates the database, then projects the topic the live rag generation follows
 * (docs.embedded.v1, or a roll's profile topic) into rag.* and the dead letters into
 * ops.document_failures. After a roll's switch it moves the rag projector to the new topic within
 * {@code TRIBUTARY_ROLL_FOLLOW_INTERVAL} (until then the old projector's batches are refused, so
 * no vector of the old profile reaches the new generation).
 */
public final class ProjectorRole implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ProjectorRole.class);

  private final Settings settings;
  private final Telemetry telemetry;
  private final Database database;
  private final ScheduledExecutorService follow;
  private volatile ProjectorRunner<String, EmbeddedDocument> runner;
  private RetiredGenerations retired;
  private ExpiredIdempotencyKeys expiredKeys;
  private ProjectorRunner<byte[], byte[]> failures;

  private ProjectorRole(Settings settings, Telemetry telemetry, Database database) {
    this.settings = settings;
    this.telemetry = telemetry;
    this.database = database;
    this.follow = Executors.newSingleThreadScheduledExecutor(
        Thread.ofPlatform().name("projector-follow-live-topic").daemon().factory());
  }

  /** Applies pending migrations and starts the rag projector. */
  public static ProjectorRole start(Settings settings, Telemetry telemetry) {
    Database database = new Database(settings.databaseUrl(), settings.dbPoolSize(), "projector")
        .bindMetrics(telemetry.meters());
    ProjectorRole role = new ProjectorRole(settings, telemetry, database);
    try {
      Migrations.apply(database.dataSource());
      role.runner = role.startRag(LiveSource.read(database.jdbi()).topic());
      // Dead letters of the pipeline, for the documents API's "failed" status and reason.
      role.failures = new ProjectorRunner<>(new DocumentFailuresProjection(), database.jdbi(),
          ProjectorConfig.of(settings.kafkaClients()), telemetry.meters(),
          telemetry.tracing(Telemetry.PROJECTOR));
      role.failures.start();
      role.retired = RetiredGenerations.start(ProjectionsWiring.replay(RagProjection.NAME, settings, database));
      role.expiredKeys = ExpiredIdempotencyKeys.start(new IdempotencyKeys(database.jdbi()), settings.idempotencyTtl());
      long every = settings.rollFollowInterval().toMillis();
      role.follow.scheduleWithFixedDelay(role::followLiveTopic, every, every, TimeUnit.MILLISECONDS);
      return role;
    } catch (RuntimeException e) {
      role.close();
      throw e;
    }
  }

  /** The topic the rag projector reads now. */
  public String topic() {
    return runner.projection().topic().name();
  }

  /** Ready while the projector runs and its last batch did not fail. */
  public ReadinessCheck readiness() {
    return RoleReadiness.projector(RagProjection.NAME, () -> runner.status());
  }

  /** Alive while the rag and document-failures projectors make progress (see {@link RoleReadiness#projectorAlive}). */
  public List<ReadinessCheck> liveness() {
    return List.of(RoleReadiness.projectorAlive(RagProjection.NAME, () -> runner.status(),
            settings.projectorStallTimeout()),
        RoleReadiness.projectorAlive(DocumentFailuresProjection.NAME, () -> failures.status(),
            settings.projectorStallTimeout()));
  }

  private ProjectorRunner<String, EmbeddedDocument> startRag(Topic<String, EmbeddedDocument> topic) {
    ProjectorRunner<String, EmbeddedDocument> started = new ProjectorRunner<>(new RagProjection(topic),
        database.jdbi(), ProjectorConfig.of(settings.kafkaClients()), telemetry.meters(),
        telemetry.tracing(Telemetry.PROJECTOR));
    started.start();
    return started;
  }

  private synchronized void followLiveTopic() {
    try {
      Topic<String, EmbeddedDocument> live = LiveSource.read(database.jdbi()).topic();
      if (live.name().equals(topic())) {
        return;
      }
      LOG.info("the live rag generation follows {} now: moving the projector from {}", live.name(), topic());
      ProjectorRunner<String, EmbeddedDocument> old = runner;
      old.close();
      runner = startRag(live);
    } catch (RuntimeException e) {
      // Postgres may be down: the projector reports that; look again next time.
      LOG.debug("could not check the live generation's topic: {}", e.toString());
    }
  }

  @Override
  public synchronized void close() {
    follow.shutdownNow();
    try (database) {
      if (retired != null) {
        retired.close();
      }
      if (expiredKeys != null) {
        expiredKeys.close();
      }
      if (failures != null) {
        failures.close();
      }
      if (runner != null) {
        runner.close();
      }
    }
  }
}
