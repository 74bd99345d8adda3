package io.tributary.projections.testing;

import io.tributary.projections.rag.ChunkQuery;
import io.tributary.projections.rag.ChunkSearch;
import io.tributary.projections.rag.DocumentFilters;
import io.tributary.projections.rag.SearchMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.jdbi.v3.core.Jdbi;

/**
 * Hybrid searches run back to back on a thread of their own, as readers keep querying through a
 * replay: counts searches, failed ones and those that found nothing, and keeps the first failures.
 */
public final class SearchLoad implements AutoCloseable {

  private final ChunkSearch search;
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final AtomicLong searches = new AtomicLong();
  private final AtomicLong empty = new AtomicLong();
  private final List<Throwable> errors = new ArrayList<>();
  private final Thread thread;

  private SearchLoad(Jdbi readers) {
    this.search = new ChunkSearch(readers);
    this.thread = Thread.ofPlatform().name("search-load").daemon().start(this::loop);
  }

  /** Starts searching through {@code readers} (a pool apart from the replay's). */
  public static SearchLoad start(Jdbi readers) {
    return new SearchLoad(readers);
  }

  private void loop() {
    Random random = new Random(7);
    while (running.get()) {
      try {
        ChunkQuery query = new ChunkQuery(ScaleCorpus.tenant(random.nextInt(3)), SearchMode.HYBRID, "replay index",
            Vectors.near(random, 0.5), 10, -1, DocumentFilters.NONE);
        if (search.search(query).isEmpty()) {
          empty.incrementAndGet();
        }
        searches.incrementAndGet();
      } catch (RuntimeException e) {
        synchronized (errors) {
          if (errors.size() < 5) {
            errors.add(e);
          }
        }
        searches.incrementAndGet();
      }
    }
  }

  /** Searches done so far. */
  public long searches() {
    return searches.get();
  }

  /** Searches that found nothing. */
  public long empty() {
    return empty.get();
  }

  /** The first failures (at most five). */
  public List<Throwable> errors() {
    synchronized (errors) {
      return List.copyOf(errors);
    }
  }

  @Override
  public void close() throws InterruptedException {
    running.set(false);
    thread.join();
  }
}
