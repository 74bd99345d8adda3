package io.tributary.projections.replay;

import static java.util.Objects.requireNonNull;

import io.tributary.projections.generations.Rebuildable;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Jdbi;

/**
 * Builds a generation's secondary indexes after its bulk load. With two lanes (four connections)
 * the vector (HNSW) index builds on one while the others (GIN, tenant, foreign key) build one after
 * the other on the second, so they cost nearly nothing beside it; with one lane they follow it.
 * Each index commits on its own with the configured {@code maintenance_work_mem} and {@code
 * max_parallel_maintenance_workers}; a resumed build creates only the missing ones ({@code IF NOT
 * EXISTS}). Meanwhile the caller's thread reports the rows the vector index has taken in, read
 * from {@code pg_stat_progress_create_index}.
 */
public final class IndexBuild {

  private static final Pattern TABLE = Pattern.compile(" ON (?:ONLY )?([a-z0-9_]+\\.[a-z0-9_]+) USING ");
  private static final long POLL_MILLIS = 500;

  private final Rebuildable<?, ?> model;
  private final Jdbi jdbi;
  private final ReplayLimits limits;

  /** What an index build reports while it runs. */
  public interface Listener {
    /** The build starts over {@code rows} rows of its largest index's table. */
    void started(long rows);

    /** The largest index has taken in {@code rows} rows; called about twice a second. */
    void progress(long rows);
  }

  /** An index build of {@code model}'s generations within {@code limits}. */
  public IndexBuild(Rebuildable<?, ?> model, Jdbi jdbi, ReplayLimits limits) {
    this.model = requireNonNull(model, "model");
    this.jdbi = requireNonNull(jdbi, "jdbi");
    this.limits = requireNonNull(limits, "limits");
  }

  /** Builds every index of {@code generation} like {@code liveGeneration}'s; throws the first failure. */
  public void build(int generation, int liveGeneration) {
    build(generation, liveGeneration, new Listener() {
      @Override
      public void started(long rows) {}

      @Override
      public void progress(long rows) {}
    });
  }

  /** Builds every index of {@code generation} like {@code liveGeneration}'s, reporting to {@code meter}; throws the first failure. */
  public void build(int generation, int liveGeneration, Listener meter) {
    List<String> statements = jdbi.withHandle(handle -> model.indexStatements(handle, generation, liveGeneration));
    List<String> vector = statements.stream().filter(IndexBuild::isVector).toList();
    List<String> others = statements.stream().filter(s -> !isVector(s)).toList();
    Optional<String> measured = (vector.isEmpty() ? statements : vector).stream().map(IndexBuild::table)
        .flatMap(Optional::stream).findFirst();
    long rows = measured.map(this::rows).orElse(0L);
    meter.started(rows);
    List<List<String>> lanes = limits.indexLanes() >= 2 ? List.of(vector, others)
        : List.of(concat(vector, others));
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<?>> running = new ArrayList<>();
      for (List<String> lane : lanes) {
        running.add(pool.submit(() -> lane.forEach(this::create)));
      }
      Future<?> first = running.getFirst();
      for (Future<?> lane : running) {
        while (!await(lane)) {
          long done = first.isDone() ? rows : measured.map(this::tuplesDone).orElse(0L);
          meter.progress(Math.min(done, rows));
        }
      }
      meter.progress(rows);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ReplayAbortedException("interrupted while building indexes");
    }
  }

  private static boolean await(Future<?> lane) throws ExecutionException, InterruptedException {
    try {
      lane.get(POLL_MILLIS, TimeUnit.MILLISECONDS);
      return true;
    } catch (TimeoutException e) {
      return false;
    }
  }

  private void create(String statement) {
    jdbi.useTransaction(handle -> {
      // set_config(..., true) is SET LOCAL with bind parameters: nothing leaks to the next user of
      // the pooled connection.
      handle.createQuery("SELECT set_config('maintenance_work_mem', :memory, true) AS memory,"
              + " set_config('max_parallel_maintenance_workers', :workers, true) AS workers")
          .bind("memory", limits.maintenanceWorkMem())
          .bind("workers", Integer.toString(limits.maxParallelMaintenanceWorkers()))
          .mapToMap()
          .one();
      handle.execute(statement);
    });
  }

  private long rows(String table) {
    return jdbi.withHandle(handle -> handle.createQuery("SELECT count(*) FROM <table>")
        .define("table", table).mapTo(Long.class).one());
  }

  /** Rows the running build of an index on {@code table} has taken in (pgvector reports them as tuples). */
  private long tuplesDone(String table) {
    return jdbi.withHandle(handle -> handle.createQuery(
            "SELECT coalesce(max(tuples_done), 0) FROM pg_stat_progress_create_index WHERE relid = CAST(:t AS regclass)")
        .bind("t", table).mapTo(Long.class).one());
  }

  /** The schema-qualified table of a catalogue index definition ({@code pg_get_indexdef}). */
  static Optional<String> table(String statement) {
    Matcher matcher = TABLE.matcher(statement);
    return matcher.find() ? Optional.of(matcher.group(1)) : Optional.empty();
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  private static boolean isVector(String statement) {
    return statement.contains(" USING hnsw ") || statement.contains(" USING ivfflat ");
  }
}
