package io.tributary.platform.cli;

import io.tributary.platform.config.Settings;
import io.tributary.platform.roles.ProjectionsWiring;
import io.tributary.projections.db.Database;
import io.tributary.projections.db.Migrations;
import io.tributary.projections.generations.Generation;
import io.tributary.projections.replay.Replay;
import io.tributary.projections.replay.ReplayAbortedException;
import io.tributary.projections.replay.ReplayPlan;
import io.tributary.projections.replay.ReplayResult;
import io.tributary.projections.replay.ReplayStart;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tributary replay <projection>}: rebuilds a read model as a new generation and switches to it. */
@Command(name = "replay", description = "Rebuild a projection from the log as a new generation beside the live one,"
    + " then switch atomically. Ctrl-C aborts and leaves the live generation untouched.")
public final class ReplayCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "PROJECTION", description = "Projection to rebuild, e.g. rag.")
  String projection;

  @ArgGroup(exclusive = true)
  From from;

  @Option(names = "--dry-run", description = "Print the plan (topic, offsets, records expected) and write nothing.")
  boolean dryRun;

  @Option(names = "--abort", description = "Abort the generation being built (drops its tables).")
  boolean abort;

  /** Where to start: one of the two, the beginning by default. */
  static final class From {
    @Option(names = "--from-beginning", description = "Replay every record still in the log (default).")
    boolean beginning;

    @Option(names = "--from", paramLabel = "TIME", description = "Replay records written at or after an ISO-8601 time.")
    Instant time;
  }

  @Override
  public Integer call() {
    Settings settings = OperatorSettings.load(System.err);
    // Sized for the build (TRIBUTARY_REPLAY_MAX_CONNECTIONS) plus the Ctrl-C abort beside it.
    try (Database database = ProjectionsWiring.buildDatabase(settings, 1, "tributary-replay")) {
      Migrations.apply(database.dataSource());
      Replay<?, ?> replay = ProjectionsWiring.replay(projection, settings, database);
      if (abort) {
        Optional<Integer> aborted = replay.abort();
        System.out.println(aborted.map(g -> "aborted generation " + g + " of " + projection)
            .orElse("no generation of " + projection + " is building"));
        return 0;
      }
      ReplayStart start = from == null || from.time == null
          ? new ReplayStart.FromBeginning() : new ReplayStart.FromTime(from.time);
      if (dryRun) {
        System.out.println(replay.plan(start).describe());
        return 0;
      }
      // A generation a killed replay left building is resumed from its stored offsets, not restarted.
      Optional<Generation> orphan = replay.takeOver();
      ReplayPlan plan = null;
      int generation;
      if (orphan.isPresent()) {
        generation = orphan.get().generation();
        System.out.printf("resuming generation %d of %s (its last build was killed) from its stored offsets;"
            + " it replays from %s%n", generation, projection, orphan.get().replayFrom());
      } else {
        plan = replay.plan(start);
        System.out.println(plan.describe());
        generation = replay.begin(plan);
      }
      // Ctrl-C (or a stop signal) during the build: drop the new generation, keep the live one.
      Thread abortOnExit = new Thread(replay::abort, "replay-abort");
      Runtime.getRuntime().addShutdownHook(abortOnExit);
      try {
        ReplayResult result = orphan.isPresent()
            ? replay.resume(orphan.get(), progress -> System.out.println(progress.describe()), () -> true)
            : replay.build(plan, generation, progress -> System.out.println(progress.describe()));
        System.out.printf("generation %d of %s is live: %d records, load %d ms, indexes %d ms, %.0f records/s%n",
            result.generation(), projection, result.records(), result.loadTime().toMillis(),
            result.indexTime().toMillis(), result.recordsPerSecond());
        return 0;
      } catch (ReplayAbortedException e) {
        System.err.println("tributary replay: " + e.getMessage() + "; the live generation is untouched");
        return 3;
      } finally {
        removeQuietly(abortOnExit);
      }
    }
  }

  private static void removeQuietly(Thread hook) {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // the JVM is already shutting down: the hook is running
    }
  }
}
