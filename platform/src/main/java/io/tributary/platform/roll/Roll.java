package io.tributary.platform.roll;

import io.tributary.platform.UserError;
import static java.util.Objects.requireNonNull;

import io.tributary.platform.config.Settings;
import io.tributary.platform.roles.ProjectionsWiring;
import io.tributary.projections.db.Database;
import io.tributary.projections.generations.BuildProgress;
import io.tributary.projections.generations.Generation;
import io.tributary.projections.generations.GenerationStore;
import io.tributary.projections.rag.RagGenerations;
import io.tributary.projections.rag.RagProjection;
import io.tributary.projections.rag.RagTables;
import io.tributary.projections.replay.Replay;
import io.tributary.projections.replay.ReplayAbortedException;
import io.tributary.projections.replay.ReplayPlan;
import io.tributary.projections.replay.ReplayProgress;
import io.tributary.projections.replay.ReplayResult;
import io.tributary.projections.replay.ReplayStart;
import io.tributary.schemas.documents.EmbeddedDocument;
import io.tributary.schemas.documents.EmbeddingProfile;
import io.tributary.schemas.topics.Topic;
import io.tributary.schemas.topics.TopicProvisioner;
import io.tributary.schemas.topics.Topics;
import io.tributary.embedding.Embedder;
import io.tributary.streams.pipeline.DocumentPipelineRunner;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.IsolationLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rolls the rag read model to a new embedding profile (ADR 0012): the profile's pipeline
 * re-processes docs.accepted.v1 (what the live pipeline accepted, ADR 0026) into the profile's topic
 * while the live pipeline and generation keep serving; once it has caught up, a new generation is
 * bulk-loaded from that topic, indexed, caught up and switched to, only once the pipeline has been
 * handed off ({@link PipelineHandoff}). The streams and project roles then follow the live
 * generation to the new profile and topic. A roll whose process died resumes when started again
 * with the same profile.
 */
public final class Roll {

  private static final Logger LOG = LoggerFactory.getLogger(Roll.class);
  private static final Duration REPORT_EVERY = Duration.ofSeconds(1);

  private final Settings settings;
  private final Database database;
  private final Admin admin;
  private final EmbeddingProfile target;
  private final Embedder embedder;
  private final Consumer<RollProgress> progress;
  private final Duration handoverTimeout;
  private final GenerationStore generations = new GenerationStore();

  /**
   * @param embedder an embedder of {@code target}'s model
   * @param handoverTimeout how long the roll keeps its pipeline running after the switch, waiting
   *     for a streams role to take the profile over
   */
  public Roll(Settings settings, Database database, Admin admin, EmbeddingProfile target, Embedder embedder,
      Consumer<RollProgress> progress, Duration handoverTimeout) {
    this.settings = requireNonNull(settings, "settings");
    this.database = requireNonNull(database, "database");
    this.admin = requireNonNull(admin, "admin");
    this.target = requireNonNull(target, "target");
    this.embedder = requireNonNull(embedder, "embedder");
    this.progress = requireNonNull(progress, "progress");
    this.handoverTimeout = requireNonNull(handoverTimeout, "handoverTimeout");
  }

  /** The replay that builds generations of {@code profile}'s topic. */
  public static Replay<String, EmbeddedDocument> replay(Settings settings, Database database, EmbeddingProfile profile) {
    return new Replay<>(new RagGenerations(Topics.docsEmbedded(profile), LiveSource.json(profile)), database.jdbi(),
        ProjectionsWiring.replaySettings(settings), Topics.DOCS_EMBEDDED, database::waitingFor);
  }

  /** Aborts the generation being built (a roll's or a replay's), if any; returns its number. */
  public static Optional<Integer> abort(Settings settings, Database database) {
    return ProjectionsWiring.replay(RagProjection.NAME, settings, database).abort();
  }

  /** Aborts the building generation if it is {@code profile}'s (Ctrl-C on a running roll). */
  public static void abortIfBuilding(Settings settings, Database database, EmbeddingProfile profile) {
    Optional<Generation> building = database.jdbi().withHandle(h -> new GenerationStore().building(h, RagProjection.NAME));
    if (building.filter(g -> Topics.docsEmbedded(profile).name().equals(g.sourceTopic())).isPresent()) {
      abort(settings, database);
    }
  }

  /** Where the roll building {@code building} stands, for {@code tributary roll --status}. */
  public static String status(Settings settings, Admin admin, Generation building) {
    EmbeddingProfile profile = LiveSource.parse(building.embeddingProfile());
    StringBuilder text = new StringBuilder("roll to profile ").append(profile.describe()).append('\n');
    text.append(String.format(java.util.Locale.ROOT, "  generation %d, phase %s: %d records, %.0f records/s%n",
        building.generation(), building.phase(), building.recordsDone(), building.recordsPerSecond()));
    try {
      PipelineLag.Position at = new PipelineLag(admin, Topics.DOCS_ACCEPTED.name())
          .of(ProfilePipelines.applicationId(settings, profile));
      text.append("  pipeline ").append(ProfilePipelines.applicationId(settings, profile)).append(": ")
          .append(at.processed()).append('/').append(at.total()).append(" of ").append(at.topic())
          .append(" processed, lag ")
          .append(at.lag()).append(", instances ").append(at.members());
    } catch (RuntimeException e) {
      text.append("  pipeline position unknown: ").append(e.getMessage());
    }
    text.append("\n  last update ").append(building.updatedAt());
    return text.toString();
  }

  /** Runs the roll to the switch and the handover; throws {@link ReplayAbortedException} when aborted. */
  public ReplayResult run() {
    check();
    Topic<String, EmbeddedDocument> topic = Topics.docsEmbedded(target);
    new TopicProvisioner(admin, settings.topicLayout(), Duration.ofSeconds(30))
        .ensure(List.of(topic, topic.deadLetters()));
    Replay<String, EmbeddedDocument> replay = replay(settings, database, target);
    LiveSource live = LiveSource.read(database.jdbi());
    int generation = beginOrTakeOver(replay, topic);
    String applicationId = ProfilePipelines.applicationId(settings, target);
    seedCache(live, applicationId);
    PipelineLag lag = new PipelineLag(admin, Topics.DOCS_ACCEPTED.name());
    DocumentPipelineRunner pipeline = ProfilePipelines.rollRunner(settings, target, embedder);
    CommittedRecords records = new CommittedRecords(settings.kafkaClients());
    PipelineHandoff handoff = new PipelineHandoff(admin, liveApplicationId(live), applicationId, pipeline, records);
    boolean handedOver = false;
    try {
      pipeline.start();
      embed(replay, generation, lag, applicationId, pipeline, records);
      Generation building = database.jdbi().withHandle(h -> generations.building(h, RagProjection.NAME))
          .orElseThrow(() -> new ReplayAbortedException("generation " + generation + " was aborted"));
      ReplayResult result = replay.resume(building, step -> report(step, lag, applicationId, pipeline, handoff),
          handoff::handedOff);
      // The group's offsets on docs.accepted.v1 are gone with the handoff: report where it stopped.
      progress.accept(new RollProgress("handover", generation, lag.topic(), handoff.processed(), 0,
          result.records(), 0, 0, null, pipeline.cacheStatistics().hits(), pipeline.cacheStatistics().misses()));
      handedOver = awaitHandover(lag, applicationId);
      progress.accept(new RollProgress(handedOver ? "done" : "done-without-handover", generation, lag.topic(),
          handoff.processed(), 0, result.records(), 0, 0, null, pipeline.cacheStatistics().hits(),
          pipeline.cacheStatistics().misses()));
      return result;
    } finally {
      // Before the handoff nothing of the live side changed (a failed build drops its generation);
      // after it the pipeline is stopped already, and a streams role following the live generation
      // runs this profile's pipeline on docs.submitted.v1.
      LOG.info("roll: stopping this process's pipeline of profile {} (handed over: {})", target.id(), handedOver);
      pipeline.close(Duration.ofSeconds(20));
      records.close();
    }
  }

  /** The application id of the pipeline the live generation follows. */
  private String liveApplicationId(LiveSource live) {
    return live.profile().map(p -> ProfilePipelines.applicationId(settings, p)).orElse(settings.streamsApplicationId());
  }

  /** With the live model unchanged, the new pipeline starts with the live pipeline's embedding cache. */
  private void seedCache(LiveSource live, String applicationId) {
    String liveModel = live.profile().map(EmbeddingProfile::model).orElse(liveModelOfInitialPipeline());
    if (!target.model().equals(liveModel)) {
      return;
    }
    String from = liveApplicationId(live);
    long copied = new CacheSeed(admin, settings.kafkaClients()).copy(from, applicationId);
    LOG.info("roll: the new pipeline starts with {} cached vectors of {} from {}", copied, liveModel, from);
  }

  /** The model of the pipeline deployed before any roll: what its documents say. */
  private String liveModelOfInitialPipeline() {
    return database.jdbi().withHandle(h -> h.createQuery("SELECT model FROM rag.documents LIMIT 1")
        .mapTo(String.class).findOne().orElse(embedder.modelId()));
  }

  private void check() {
    if (target.dimensions() != RagTables.EMBEDDING_DIMENSIONS) {
      throw new IllegalArgumentException("profile " + target.id() + " has " + target.dimensions()
          + " dimensions; the rag read model holds " + RagTables.EMBEDDING_DIMENSIONS
          + " (a different size needs a migration first, see infra/runbooks/model-change.md)");
    }
    LiveSource live = LiveSource.read(database.jdbi());
    if (live.profile().filter(target::equals).isPresent()) {
      throw new IllegalArgumentException("profile " + target.id() + " is already live");
    }
    AcceptedDocuments.requireComplete(admin, database.jdbi());
  }

  private int beginOrTakeOver(Replay<String, EmbeddedDocument> replay, Topic<String, EmbeddedDocument> topic) {
    Optional<Generation> orphan = replay.takeOver();
    if (orphan.isPresent()) {
      Generation building = orphan.get();
      if (!topic.name().equals(building.sourceTopic())) {
        replay.release();
        throw new UserError("generation " + building.generation() + " of rag is building from "
            + (building.sourceTopic() == null ? Topics.DOCS_EMBEDDED.name() : building.sourceTopic())
            + "; finish or abort it first (tributary roll --abort)");
      }
      LOG.info("roll: resuming generation {} of profile {}", building.generation(), target.id());
      return building.generation();
    }
    ReplayPlan plan = replay.plan(new ReplayStart.FromBeginning());
    return replay.begin(plan);
  }

  /** Waits until the profile's pipeline has processed docs.accepted.v1 to its end, reporting progress. */
  private void embed(Replay<String, EmbeddedDocument> replay, int generation, PipelineLag lag, String applicationId,
      DocumentPipelineRunner pipeline, CommittedRecords records) {
    long started = System.nanoTime();
    long first = -1;
    while (true) {
      PipelineLag.Position at;
      try {
        at = lag.of(applicationId);
      } catch (RuntimeException e) {
        // Kafka unreachable for a moment: the pipeline retries by itself; look again.
        LOG.warn("roll: cannot read the pipeline's position: {}", e.getMessage());
        pause(REPORT_EVERY);
        continue;
      }
      if (first < 0) {
        first = at.processed();
      }
      double seconds = Math.max(1e-9, (System.nanoTime() - started) / 1e9);
      double rate = (at.processed() - first) / seconds;
      Duration eta = rate <= 0 ? null : Duration.ofMillis((long) (at.lag() / rate * 1000));
      progress.accept(new RollProgress("embedding", generation, at.topic(), at.processed(), at.lag(), 0, -1, rate, eta,
          pipeline.cacheStatistics().hits(), pipeline.cacheStatistics().misses()));
      // The generation itself holds no record yet; the pipeline's position is read from Kafka (--status).
      BuildProgress report = new BuildProgress("embedding", 0, at.processed(), at.total(), "records", rate,
          eta == null ? null : eta.toSeconds(), database.waitingFor().orElse(null));
      boolean building = database.jdbi().withHandle(h -> generations.progress(h, RagProjection.NAME, generation, report));
      if (!building) {
        throw new ReplayAbortedException("generation " + generation + " of rag was aborted");
      }
      if (at.lag() == 0 || processedAll(records, lag, applicationId)) {
        return;
      }
      pause(REPORT_EVERY);
    }
  }

  /** Whether only commit markers, no records, remain after the pipeline's offsets; a Kafka hiccup means no. */
  private static boolean processedAll(CommittedRecords records, PipelineLag lag, String applicationId) {
    try {
      return records.reached(lag.committed(applicationId), lag.ends(IsolationLevel.READ_COMMITTED));
    } catch (RuntimeException e) {
      LOG.debug("roll: cannot read the pipeline's position: {}", e.toString());
      return false;
    }
  }

  private void report(ReplayProgress step, PipelineLag lag, String applicationId, DocumentPipelineRunner pipeline,
      PipelineHandoff handoff) {
    long processed = handoff.processed();
    long behind = processed < 0 ? -1 : 0;
    try {
      if (processed < 0) {
        PipelineLag.Position at = lag.of(applicationId);
        processed = at.processed();
        behind = at.lag();
      }
    } catch (RuntimeException e) {
      LOG.debug("roll: cannot read the pipeline's position: {}", e.toString());
    }
    String waiting = step.waitingFor() != null ? step.waitingFor() : handoff.waitingFor();
    progress.accept(new RollProgress(step.phase(), step.generation(), lag.topic(), processed, behind,
        step.recordsDone(), step.lag(), step.perSecond(), step.eta(), pipeline.cacheStatistics().hits(),
        pipeline.cacheStatistics().misses()).counting(step.unit(), waiting));
  }

  /** True once a streams role runs the profile's pipeline (or false after the timeout). */
  private boolean awaitHandover(PipelineLag lag, String applicationId) {
    long deadline = System.nanoTime() + handoverTimeout.toNanos();
    while (System.nanoTime() < deadline) {
      try {
        if (lag.of(applicationId).members() > 0) {
          return true;
        }
      } catch (RuntimeException e) {
        LOG.debug("roll: cannot read the group of {}: {}", applicationId, e.toString());
      }
      pause(REPORT_EVERY);
    }
    LOG.warn("roll: no streams role took over profile {} within {}; new submissions wait until one follows the"
        + " live generation", target.id(), handoverTimeout);
    return false;
  }

  private static void pause(Duration duration) {
    try {
      Thread.sleep(duration);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ReplayAbortedException("interrupted");
    }
  }
}
