package io.tributary.platform.cli;

import io.tributary.platform.UserError;
import io.tributary.platform.config.Settings;
import io.tributary.platform.embedding.EmbedderSelection;
import io.tributary.platform.roles.Closer;
import io.tributary.platform.roles.ProjectionsWiring;
import io.tributary.platform.roles.TopicSetup;
import io.tributary.platform.roll.LiveSource;
import io.tributary.platform.roll.ProfilePipelines;
import io.tributary.platform.roll.Roll;
import io.tributary.projections.db.Database;
import io.tributary.projections.db.Migrations;
import io.tributary.projections.generations.Generation;
import io.tributary.projections.generations.GenerationStore;
import io.tributary.projections.rag.RagProjection;
import io.tributary.projections.replay.ReplayAbortedException;
import io.tributary.projections.replay.ReplayResult;
import io.tributary.schemas.documents.EmbeddingProfile;
import io.tributary.embedding.Embedder;
import io.tributary.streams.embedding.LocalModel;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tributary roll}: re-embeds every document with a new model or chunker and switches the rag read model to it. */
@Command(name = "roll", description = "Roll the rag read model to a new embedding profile (model + chunking):"
    + " re-process docs.accepted.v1 into the profile's topic, build a new generation from it, switch once it"
    + " has caught up. The live generation serves until then. Ctrl-C aborts; run again to resume a killed roll."
    + " A deployment upgraded from a version without docs.accepted.v1 runs roll seed-accepted once first.",
    subcommands = {RollPruneCommand.class, RollSeedAcceptedCommand.class})
public final class RollCommand implements Callable<Integer> {

  @Option(names = "--model", paramLabel = "MODEL",
      description = "minilm, bge-small, or openai:<model> (the TRIBUTARY_EMBEDDINGS_* endpoint). Default: the configured embedder.")
  String model;

  @Option(names = "--dimensions", description = "Vector length of an openai model (default 384).")
  int dimensions = 384;

  @Option(names = "--chunk-tokens", description = "Largest chunk in model tokens (default: the model's window).")
  Integer chunkTokens;

  @Option(names = "--chunk-overlap", description = "Overlap between chunks in tokens (default: an eighth of the chunk).")
  Integer chunkOverlap;

  @Option(names = "--handover-timeout", defaultValue = "PT2M",
      description = "How long to wait after the switch for a streams role to take the profile over (ISO-8601).")
  Duration handoverTimeout;

  @Option(names = "--status", description = "Show where a roll stands and exit.")
  boolean status;

  @Option(names = "--abort", description = "Abort the roll's building generation; the live one is untouched.")
  boolean abort;

  @Override
  public Integer call() {
    Settings settings = OperatorSettings.load(System.err);
    // The build's connections (TRIBUTARY_REPLAY_MAX_CONNECTIONS), the roll's own and the Ctrl-C abort.
    try (Database database = ProjectionsWiring.buildDatabase(settings, 2, "tributary-roll");
        Admin admin = settings.kafkaClients().admin("tributary-roll");
        Closer closer = new Closer()) {
      Migrations.apply(database.dataSource());
      if (status) {
        System.out.println(RollStatus.describe(settings, database, admin));
        return 0;
      }
      if (abort) {
        Optional<Integer> aborted = Roll.abort(settings, database);
        System.out.println(aborted.map(g -> "aborted generation " + g + " of rag; the live one is untouched")
            .orElse("no generation of rag is building"));
        return 0;
      }
      TopicSetup.ensure(settings);
      Embedder configured = EmbedderSelection.open(settings, closer);
      // The model first (its embedder knows its window), then the chunking measured with it.
      EmbeddingProfile model = target(settings, configured, 1, 0);
      Embedder embedder = EmbedderSelection.forProfile(settings, model, configured, closer);
      int window = embedder.tokenCounter().map(counter -> counter.windowTokens())
          .orElse(ProfilePipelines.initialProfile(settings, embedder).chunkTokens());
      int tokens = chunkTokens != null ? chunkTokens : window;
      EmbeddingProfile target = target(settings, configured, tokens, chunkOverlap != null ? chunkOverlap : tokens / 8);
      System.out.println("rolling rag to profile " + target.describe());
      System.out.println("  live: " + LiveSource.read(database.jdbi()).profile().map(EmbeddingProfile::describe)
          .orElse("the configured pipeline on docs.embedded.v1"));
      Roll roll = new Roll(settings, database, admin, target, embedder,
          progress -> System.out.println(progress.describe()), handoverTimeout);
      // Ctrl-C (or a stop signal) before the switch: drop the new generation, keep the live one.
      Thread abortOnExit = new Thread(() -> Roll.abortIfBuilding(settings, database, target), "roll-abort");
      Runtime.getRuntime().addShutdownHook(abortOnExit);
      try {
        ReplayResult result = roll.run();
        System.out.printf(Locale.ROOT, "generation %d (profile %s) is live: %d records, load %d ms, indexes %d ms%n",
            result.generation(), target.id(), result.records(), result.loadTime().toMillis(),
            result.indexTime().toMillis());
        return 0;
      } catch (ReplayAbortedException e) {
        System.err.println("tributary roll: " + e.getMessage() + "; the live generation is untouched");
        return 3;
      } finally {
        try {
          Runtime.getRuntime().removeShutdownHook(abortOnExit);
        } catch (IllegalStateException e) {
          // the JVM is already shutting down: the hook is running
        }
      }
    }
  }

  /** The profile the options name, with the given chunking; the configured model by default. */
  private EmbeddingProfile target(Settings settings, Embedder configured, int tokens, int overlap) {
    EmbeddingProfile initial = ProfilePipelines.initialProfile(settings, configured);
    if (model == null) {
      return new EmbeddingProfile(initial.embedder(), initial.model(), initial.dimensions(), tokens, overlap);
    }
    for (LocalModel local : LocalModel.ALL) {
      if (model.equals(local.name())) {
        return new EmbeddingProfile(local.name(), local.id(), local.dimensions(), tokens, overlap);
      }
    }
    if (model.startsWith("openai:")) {
      return new EmbeddingProfile("openai", model.substring("openai:".length()), dimensions, tokens, overlap);
    }
    throw new UserError("--model must be " + LocalModel.names() + " or openai:<model>, was " + model);
  }

  /** The status lines of {@code tributary roll --status}. */
  static final class RollStatus {
    private RollStatus() {}

    static String describe(Settings settings, Database database, Admin admin) {
      Optional<Generation> building = database.jdbi().withHandle(h -> new GenerationStore().building(h, RagProjection.NAME));
      String live = "live: " + LiveSource.read(database.jdbi()).profile().map(EmbeddingProfile::describe)
          .orElse("the configured pipeline on docs.embedded.v1");
      if (building.isEmpty() || building.get().embeddingProfile() == null) {
        return live + "\nno roll in progress" + building.map(g -> " (generation " + g.generation()
            + " is a replay; see tributary projections)").orElse("");
      }
      return live + "\n" + Roll.status(settings, admin, building.get());
    }
  }
}
