package io.tributary.bench.freshness;

import io.tributary.schemas.documents.SubmittedDocument;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;

/**
 * Documents submitted and not yet searchable, polled in one query: when a document's row in
 * {@code rag.documents} carries the submitted content hash, its latency since submission is kept.
 */
final class SearchableWatch implements AutoCloseable {

  private record Expected(String contentHash, long sentNanos) {}

  private final Jdbi jdbi;
  private final Map<String, Expected> pending = new HashMap<>();
  private final List<Long> latencies = new ArrayList<>();

  private final Thread poller;

  /** Starts looking every 10 ms, on its own thread, so the submitting thread's pacing never delays a look. */
  SearchableWatch(Jdbi jdbi) {
    this.jdbi = jdbi;
    this.poller = Thread.ofPlatform().daemon().name("bench-searchable-watch").start(() -> {
      while (!Thread.currentThread().isInterrupted()) {
        poll();
        try {
          Thread.sleep(10);
        } catch (InterruptedException e) {
          return;
        }
      }
    });
  }

  synchronized void expect(SubmittedDocument document, long sentNanos) {
    pending.put(document.id(), new Expected(BenchFreshnessCommand.hash(document), sentNanos));
  }

  /** One look at the read model. */
  void poll() {
    List<String> ids;
    synchronized (this) {
      ids = List.copyOf(pending.keySet());
    }
    if (ids.isEmpty()) {
      return;
    }
    Map<String, String> found = jdbi.withHandle(handle -> handle
        .createQuery("SELECT document_id, content_hash FROM rag.documents WHERE document_id = ANY(:ids)")
        .bindArray("ids", String.class, ids)
        .reduceRows(new HashMap<String, String>(), (map, row) -> {
          map.put(row.getColumn("document_id", String.class), row.getColumn("content_hash", String.class));
          return map;
        }));
    long now = System.nanoTime();
    synchronized (this) {
      record(found, now);
    }
  }

  private void record(Map<String, String> found, long now) {
    found.forEach((id, hash) -> {
      Expected expected = pending.get(id);
      if (expected != null && expected.contentHash().equals(hash)) {
        latencies.add((now - expected.sentNanos()) / 1_000_000);
        pending.remove(id);
      }
    });
  }

  /** Waits until nothing is pending or {@code timeout} passes; true if nothing is left. */
  boolean awaitAll(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      synchronized (this) {
        if (pending.isEmpty()) {
          return true;
        }
      }
      Thread.sleep(10);
    }
    synchronized (this) {
      return pending.isEmpty();
    }
  }

  synchronized void clear() {
    pending.clear();
    latencies.clear();
  }

  /** Submission to searchable of every document seen so far, sorted, in milliseconds. */
  synchronized long[] latenciesMillis() {
    return latencies.stream().mapToLong(Long::longValue).sorted().toArray();
  }

  @Override
  public void close() {
    poller.interrupt();
  }
}
