package io.tributary.projections.replay;

import static java.util.Objects.requireNonNull;

import io.tributary.projections.projector.BatchTransaction;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerRecords;

/**
 * The bulk load's two stages: the caller polls and decodes the next batch while the previous one
 * commits on a writer thread. At most one batch is in flight and batches commit in log order,
 * each with its offsets in its own transaction, so a killed load has committed a prefix of the
 * log and resumes after it.
 */
public final class BatchPipeline<K, V> implements AutoCloseable {

  private final BatchTransaction<K, V> batches;
  private final ExecutorService writer;
  private Future<?> inFlight;

  /** A pipeline committing through {@code batches}. */
  public BatchPipeline(BatchTransaction<K, V> batches) {
    this.batches = requireNonNull(batches, "batches");
    this.writer = Executors.newSingleThreadExecutor(task -> {
      Thread thread = new Thread(task, "replay-writer");
      thread.setDaemon(true);
      return thread;
    });
  }

  /**
   * Decodes {@code records} on the caller's thread, waits for the previous batch's commit (and
   * rethrows its failure), then commits these on the writer thread.
   */
  public void submit(ConsumerRecords<byte[], byte[]> records) {
    BatchTransaction.Prepared<K, V> prepared = batches.prepare(records);
    await();
    inFlight = writer.submit(() -> batches.commitQuietly(prepared));
  }

  /** Waits until every submitted batch has committed; rethrows a commit's failure. */
  public void await() {
    Future<?> pending = inFlight;
    inFlight = null;
    if (pending == null) {
      return;
    }
    try {
      pending.get();
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ReplayAbortedException("interrupted while a batch was committing");
    }
  }

  /** Waits for the batch in flight (a failure after another one is added to it), then stops the writer. */
  @Override
  public void close() {
    try {
      await();
    } finally {
      writer.shutdown();
    }
  }
}
