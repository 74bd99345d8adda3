package io.tributary.projections.replay;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What one replay may take from the machine, with defaults for a small machine (2 cores, a few GB).
 *
 * @param maxConnections Postgres connections the replay opens at most: one holds the build lock,
 *     one reports progress, the rest load batches or build indexes (at least 3; 4 builds the vector
 *     index beside the others)
 * @param maxMemoryBytes heap the replay's records may occupy: the consumer's fetch buffers and the
 *     two batches in flight (one decoding, one committing) are sized from it
 * @param maintenanceWorkMem Postgres {@code maintenance_work_mem} of each index build, e.g. {@code
 *     256MB}; an HNSW graph that does not fit is built far more slowly on disk (about 2 kB per
 *     384-dimension chunk)
 * @param maxParallelMaintenanceWorkers Postgres {@code max_parallel_maintenance_workers} of each
 *     index build (0 builds each index in its own backend only)
 */
public record ReplayLimits(int maxConnections, long maxMemoryBytes, String maintenanceWorkMem,
    int maxParallelMaintenanceWorkers) {

  /** The fewest connections a build works with: build lock, progress, one worker. */
  public static final int MIN_CONNECTIONS = 3;

  private static final Pattern MEMORY = Pattern.compile("[1-9][0-9]{0,6}(kB|MB|GB)");

  public ReplayLimits {
    if (maxConnections < MIN_CONNECTIONS) {
      throw new IllegalArgumentException("a replay needs at least " + MIN_CONNECTIONS
          + " connections (build lock, progress, one worker), was " + maxConnections);
    }
    if (maxMemoryBytes < 16L << 20) {
      throw new IllegalArgumentException("a replay needs at least 16 MB of memory, was " + maxMemoryBytes);
    }
    // Interpolated into SET LOCAL (no bind parameters there): only a plain size passes.
    if (maintenanceWorkMem == null || !MEMORY.matcher(maintenanceWorkMem).matches()) {
      throw new IllegalArgumentException("maintenance_work_mem must look like 64MB, 512kB or 1GB, was "
          + maintenanceWorkMem);
    }
    if (maxParallelMaintenanceWorkers < 0 || maxParallelMaintenanceWorkers > 64) {
      throw new IllegalArgumentException("max_parallel_maintenance_workers must be 0..64, was "
          + maxParallelMaintenanceWorkers);
    }
  }

  /** 4 connections, 256 MB of heap, 256MB maintenance_work_mem, 1 parallel maintenance worker. */
  public static ReplayLimits smallMachine() {
    return new ReplayLimits(4, 256L << 20, "256MB", 1);
  }

  /** Index builds that run at once: every connection beyond the build lock and the progress reports. */
  public int indexLanes() {
    return Math.min(2, maxConnections - 2);
  }

  /**
   * Bytes one fetch of the replay's consumer may return: a sixth of the budget, since the consumer
   * holds up to two fetches and each batch exists twice (raw and decoded) for two batches in flight.
   */
  public int fetchBytes() {
    return (int) Math.min(Integer.MAX_VALUE, maxMemoryBytes / 6);
  }

  /** The limits in one line, for logs and plans. */
  public String describe() {
    return String.format(Locale.ROOT, "%d connections, %d MB heap, maintenance_work_mem %s, %d parallel workers",
        maxConnections, maxMemoryBytes >> 20, maintenanceWorkMem, maxParallelMaintenanceWorkers);
  }
}
