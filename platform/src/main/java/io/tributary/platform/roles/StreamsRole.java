package io.tributary.platform.roles;

import io.tributary.edge.health.ReadinessCheck;
import io.tributary.platform.config.Settings;
import io.tributary.platform.embedding.EmbedderSelection;
import io.tributary.platform.roll.LiveSource;
import io.tributary.platform.roll.ProfilePipelines;
import io.tributary.platform.telemetry.Telemetry;
import io.tributary.projections.db.Database;
import io.tributary.embedding.Embedder;
import io.tributary.streams.pipeline.DocumentPipelineRunner;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The streams role: runs {@code DocumentPipeline} (docs.submitted.v1 → the topic the live rag
 * generation follows, and what it accepts → docs.accepted.v1). Before any roll that is the
 * configured pipeline writing docs.embedded.v1; after a roll switched the live generation to a new
 * embedding profile, the role follows within {@code TRIBUTARY_ROLL_FOLLOW_INTERVAL}: it starts the
 * profile's pipeline (same application id and state as the roll's, on docs.submitted.v1 from where
 * the roll handed it off) and stops the old one.
 */
public final class StreamsRole implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(StreamsRole.class);
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(20);

  private final Settings settings;
  private final Embedder configured;
  private final Telemetry telemetry;
  private final Closer embedders = new Closer();
  private final ScheduledExecutorService follow;
  private Database database;
  private volatile LiveSource source;
  private volatile DocumentPipelineRunner runner;

  private StreamsRole(Settings settings, Embedder configured, Telemetry telemetry) {
    this.settings = settings;
    this.configured = configured;
    this.telemetry = telemetry;
    this.follow = Executors.newSingleThreadScheduledExecutor(
        Thread.ofPlatform().name("streams-follow-live-profile").daemon().factory());
  }

  /** Starts the pipeline of the live profile with {@code embedder} (or its model); topics must exist (see {@link TopicSetup}). */
  public static StreamsRole start(Settings settings, Embedder embedder, Telemetry telemetry) {
    StreamsRole role = new StreamsRole(settings, embedder, telemetry);
    try {
      LiveSource live = role.readLiveSource();
      role.run(live == null ? LiveSource.INITIAL : live);
      long every = settings.rollFollowInterval().toMillis();
      role.follow.scheduleWithFixedDelay(role::followLiveSource, every, every, TimeUnit.MILLISECONDS);
      return role;
    } catch (RuntimeException e) {
      role.close();
      throw e;
    }
  }

  /** The profile the running pipeline embeds with. */
  public LiveSource source() {
    return source;
  }

  /** Ready while the Kafka Streams instance is running (or rebalancing). */
  public ReadinessCheck readiness() {
    return RoleReadiness.streams("document-pipeline", () -> runner.isRunning(), () -> runner.state());
  }

  /** Alive unless the pipeline's Kafka Streams client reached ERROR. */
  public ReadinessCheck liveness() {
    return RoleReadiness.streamsAlive("document-pipeline", () -> runner.state());
  }

  private synchronized void followLiveSource() {
    LiveSource live = readLiveSource();
    if (live == null || live.equals(source)) {
      return;
    }
    LOG.info("the live rag generation follows {} now: switching the document pipeline to it", live.topic().name());
    DocumentPipelineRunner old = runner;
    try {
      run(live);
    } catch (RuntimeException e) {
      LOG.error("could not start the pipeline of {}; the old one keeps running", live.topic().name(), e);
      return;
    }
    old.close(CLOSE_TIMEOUT);
  }

  private synchronized void run(LiveSource live) {
    Embedder embedder = live.profile()
        .map(profile -> EmbedderSelection.forProfile(settings, profile, configured, embedders))
        .orElse(configured);
    DocumentPipelineRunner next = ProfilePipelines.runner(settings, live, embedder, telemetry);
    try {
      next.bindMetrics(telemetry.meters());
      next.start();
    } catch (RuntimeException e) {
      next.close(CLOSE_TIMEOUT);
      throw e;
    }
    runner = next;
    source = live;
  }

  /** The live source, or null when Postgres cannot say (down, not migrated yet): then nothing changes. */
  private LiveSource readLiveSource() {
    try {
      if (database == null) {
        database = new Database(settings.databaseUrl(), 1);
      }
      return LiveSource.read(database.jdbi());
    } catch (RuntimeException e) {
      LOG.debug("cannot read the live embedding profile: {}", e.toString());
      return null;
    }
  }

  @Override
  public synchronized void close() {
    follow.shutdownNow();
    try (embedders) {
      if (runner != null) {
        runner.close(CLOSE_TIMEOUT);
      }
    } finally {
      if (database != null) {
        database.close();
      }
    }
  }
}
