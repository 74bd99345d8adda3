package io.tributary.platform.ingest;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Jdbi;

/**
 * Waits until documents are searchable: polls the read model ({@code rag.documents}) until every
 * document id has a row whose content hash is the one submitted, the same rows search reads.
 */
public final class SearchableWait {

  private final Jdbi jdbi;
  private final Duration pollInterval;

  public SearchableWait(Jdbi jdbi, Duration pollInterval) {
    this.jdbi = jdbi;
    this.pollInterval = pollInterval;
  }

  /**
   * Polls until every id in {@code expected} (id → content hash) is searchable or {@code timeout}
   * passes; returns the ids still not searchable (empty on success).
   */
  public Set<String> await(Map<String, String> expected, Duration timeout) throws InterruptedException {
    return await(expected, timeout, progress -> { });
  }

  /** As {@link #await(Map, Duration)}, telling {@code listener} after every poll how far indexing has come. */
  public Set<String> await(Map<String, String> expected, Duration timeout, Consumer<IndexingProgress> listener)
      throws InterruptedException {
    Map<String, String> pending = new HashMap<>(expected);
    long start = System.nanoTime();
    long deadline = start + timeout.toNanos();
    long chunks = 0;
    while (!pending.isEmpty()) {
      Map<String, Projected> projected = projected(List.copyOf(pending.keySet()));
      for (var it = pending.entrySet().iterator(); it.hasNext(); ) {
        Map.Entry<String, String> entry = it.next();
        Projected row = projected.get(entry.getKey());
        if (row != null && entry.getValue().equals(row.contentHash())) {
          chunks += row.chunkCount();
          it.remove();
        }
      }
      listener.accept(new IndexingProgress(expected.size() - pending.size(), expected.size(), chunks,
          Duration.ofNanos(System.nanoTime() - start)));
      if (pending.isEmpty() || System.nanoTime() > deadline) {
        break;
      }
      Thread.sleep(pollInterval.toMillis());
    }
    return pending.keySet().stream().collect(Collectors.toUnmodifiableSet());
  }

  private Map<String, Projected> projected(List<String> ids) {
    return jdbi.withHandle(handle -> handle
        .createQuery("SELECT document_id, content_hash, chunk_count FROM rag.documents WHERE document_id = ANY(:ids)")
        .bindArray("ids", String.class, ids)
        .reduceRows(new HashMap<String, Projected>(), (map, row) -> {
          map.put(row.getColumn("document_id", String.class), new Projected(
              row.getColumn("content_hash", String.class), row.getColumn("chunk_count", Integer.class)));
          return map;
        }));
  }

  private record Projected(String contentHash, int chunkCount) {}
}
