package io.tributary.platform.ingest;

import static java.util.Objects.requireNonNull;

import io.tributary.platform.ingest.DocumentStatusClient.Answer;
import io.tributary.platform.ingest.DocumentStatusClient.Known;
import io.tributary.platform.ingest.DocumentStatusClient.Throttled;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Waits until documents are searchable, asking the API instead of the database: polls each
 * pending document's status until the API shows the submitted content hash indexed (what
 * {@link SearchableWait} checks in {@code rag.documents}) or a refusal of it. At most
 * {@code concurrency} requests are in flight, and a 429 or 503 pauses every request for its
 * {@code Retry-After}.
 */
public final class ApiSearchableWait {

  /** What became of the wait: documents refused by the pipeline (id → code and message) and those still pending. */
  public record Outcome(Map<String, String> failed, Set<String> pending) {

    public boolean allSearchable() {
      return failed.isEmpty() && pending.isEmpty();
    }
  }

  /** How the wait pauses; tests record the pauses instead of sleeping. */
  @FunctionalInterface
  interface Pause {
    void pause(Duration duration) throws InterruptedException;
  }

  private final DocumentStatusClient client;
  private final Duration pollInterval;
  private final int concurrency;
  private final Pause pause;

  public ApiSearchableWait(DocumentStatusClient client, Duration pollInterval, int concurrency) {
    this(client, pollInterval, concurrency, duration -> Thread.sleep(duration));
  }

  ApiSearchableWait(DocumentStatusClient client, Duration pollInterval, int concurrency, Pause pause) {
    this.client = requireNonNull(client, "client");
    this.pollInterval = requireNonNull(pollInterval, "pollInterval");
    if (concurrency < 1) {
      throw new IllegalArgumentException("concurrency must be at least 1");
    }
    this.concurrency = concurrency;
    this.pause = requireNonNull(pause, "pause");
  }

  /**
   * Polls until every id in {@code expected} (id → content hash) is searchable or refused, or
   * {@code timeout} passes, telling {@code listener} after every round how far indexing has come.
   * A refusal older than {@code submittedAt} belongs to an earlier version and does not count.
   */
  public Outcome await(Map<String, String> expected, Instant submittedAt, Duration timeout,
      Consumer<IndexingProgress> listener) throws InterruptedException {
    Map<String, String> pending = new LinkedHashMap<>(expected);
    Map<String, String> failed = new LinkedHashMap<>();
    long start = System.nanoTime();
    long deadline = start + timeout.toNanos();
    AtomicLong pausedUntil = new AtomicLong(start);
    long chunks = 0;
    try (ExecutorService requests = Executors.newVirtualThreadPerTaskExecutor()) {
      while (!pending.isEmpty()) {
        Map<String, Future<Answer>> round = ask(requests, pending.keySet(), pausedUntil, deadline);
        for (Map.Entry<String, Future<Answer>> asked : round.entrySet()) {
          String id = asked.getKey();
          switch (answer(asked.getValue(), round)) {
            case Known known when expected.get(id).equals(known.indexedHash()) -> {
              chunks += known.chunkCount();
              pending.remove(id);
            }
            case Known known when refusedSince(known, submittedAt) -> {
              failed.put(id, known.failure().code() + ": " + known.failure().message());
              pending.remove(id);
            }
            case null, default -> { }
          }
        }
        listener.accept(new IndexingProgress(expected.size() - failed.size() - pending.size(), expected.size(),
            chunks, Duration.ofNanos(System.nanoTime() - start)));
        if (pending.isEmpty() || System.nanoTime() > deadline) {
          break;
        }
        long wait = Math.max(pollInterval.toNanos(), pausedUntil.get() - System.nanoTime());
        pause.pause(Duration.ofNanos(Math.min(wait, Math.max(0, deadline - System.nanoTime()))));
      }
    }
    return new Outcome(Map.copyOf(failed), Set.copyOf(pending.keySet()));
  }

  /** One round: every pending id asked once, at most {@code concurrency} at a time, none past the deadline. */
  private Map<String, Future<Answer>> ask(ExecutorService requests, Set<String> ids, AtomicLong pausedUntil,
      long deadline) {
    Semaphore slots = new Semaphore(concurrency);
    Map<String, Future<Answer>> round = new LinkedHashMap<>();
    for (String id : List.copyOf(ids)) {
      round.put(id, requests.submit(() -> {
        slots.acquire();
        try {
          long paused = pausedUntil.get() - System.nanoTime();
          if (paused > 0) {
            if (pausedUntil.get() > deadline) {
              return null;
            }
            pause.pause(Duration.ofNanos(paused));
          }
          Answer answer = client.status(id);
          if (answer instanceof Throttled throttled) {
            // Every request of the round waits, not only this one.
            pausedUntil.accumulateAndGet(System.nanoTime() + throttled.retryAfter().toNanos(), Math::max);
          }
          return answer;
        } finally {
          slots.release();
        }
      }));
    }
    return round;
  }

  /** The answer of one request; a request that failed ends the wait (the rest of the round is cancelled). */
  private static Answer answer(Future<Answer> future, Map<String, Future<Answer>> round) throws InterruptedException {
    try {
      return future.get();
    } catch (ExecutionException e) {
      round.values().forEach(other -> other.cancel(true));
      if (e.getCause() instanceof RuntimeException failure) {
        throw failure;
      }
      throw new IllegalStateException(e.getCause());
    }
  }

  private static boolean refusedSince(Known known, Instant submittedAt) {
    return "failed".equals(known.status()) && known.failure() != null
        && (known.failure().failedAt() == null || !known.failure().failedAt().isBefore(submittedAt));
  }
}
