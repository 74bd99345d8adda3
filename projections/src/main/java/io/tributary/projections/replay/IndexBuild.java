package io.tributary.projections.replay;

import static java.util.Objects.requireNonNull;

import io.tributary.projections.generations.Rebuildable;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jdbi.v3.core.Jdbi;

/**
 * Builds a generation's secondary indexes after its bulk load on two connections at once: the
 * vector (HNSW) index on one, the others (GIN, tenant) one after the other on the second, so they
 * cost nearly nothing beside the HNSW build. Each index commits on its own; a resumed build creates
 * only the missing ones ({@code IF NOT EXISTS}). Needs two pooled connections besides the build lock.
 */
public final class IndexBuild<K, V> {

  /**
   * Memory for one index build: enough for the HNSW graph of a few hundred thousand 384-dimension
   * chunks, so pgvector never falls back to the slow on-disk build. Session-local to the build.
   */
  static final String MAINTENANCE_WORK_MEM = "512MB";

  private final Rebuildable<K, V> model;
  private final Jdbi jdbi;

  public IndexBuild(Rebuildable<K, V> model, Jdbi jdbi) {
    this.model = requireNonNull(model, "model");
    this.jdbi = requireNonNull(jdbi, "jdbi");
  }

  /** Builds every index of {@code generation} like {@code liveGeneration}'s; throws the first failure. */
  public void build(int generation, int liveGeneration) {
    List<String> statements = jdbi.withHandle(handle -> model.indexStatements(handle, generation, liveGeneration));
    List<String> vector = statements.stream().filter(IndexBuild::isVector).toList();
    List<String> others = statements.stream().filter(s -> !isVector(s)).toList();
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<?>> running = new ArrayList<>();
      for (List<String> lane : List.of(vector, others)) {
        running.add(pool.submit(() -> lane.forEach(this::create)));
      }
      for (Future<?> index : running) {
        index.get();
      }
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ReplayAbortedException("interrupted while building indexes");
    }
  }

  private void create(String statement) {
    jdbi.useTransaction(handle -> {
      // Transaction-local: nothing leaks to the next user of the pooled connection.
      handle.execute("SET LOCAL maintenance_work_mem = '" + MAINTENANCE_WORK_MEM + "'");
      handle.execute("SET LOCAL max_parallel_maintenance_workers = 2");
      handle.execute(statement);
    });
  }

  private static boolean isVector(String statement) {
    return statement.contains(" USING hnsw ") || statement.contains(" USING ivfflat ");
  }
}
