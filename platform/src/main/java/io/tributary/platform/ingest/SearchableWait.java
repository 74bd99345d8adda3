package io.tributary.platform.ingest;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
    Map<String, String> pending = new HashMap<>(expected);
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!pending.isEmpty()) {
      Map<String, String> projected = hashes(List.copyOf(pending.keySet()));
      pending.entrySet().removeIf(e -> e.getValue().equals(projected.get(e.getKey())));
      if (pending.isEmpty() || System.nanoTime() > deadline) {
        break;
      }
      Thread.sleep(pollInterval.toMillis());
    }
    return pending.keySet().stream().collect(Collectors.toUnmodifiableSet());
  }

  private Map<String, String> hashes(List<String> ids) {
    return jdbi.withHandle(handle -> handle
        .createQuery("SELECT document_id, content_hash FROM rag.documents WHERE document_id = ANY(:ids)")
        .bindArray("ids", String.class, ids)
        .reduceRows(new HashMap<String, String>(), (map, row) -> {
          map.put(row.getColumn("document_id", String.class), row.getColumn("content_hash", String.class));
          return map;
        }));
  }
}
