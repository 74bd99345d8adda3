package io.tributary.edge.resilience;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.tributary.edge.http.ApiException;
import java.time.Duration;
import java.util.function.Supplier;

/** Caps concurrent searches so a slow read model cannot tie up every request thread. */
public final class SearchBulkhead {

  private final Bulkhead bulkhead;

  /** At most {@code maxConcurrent} searches; a further one waits per {@link ResilienceProfiles#SEARCH}, then gets 503. */
  public SearchBulkhead(int maxConcurrent) {
    this(BulkheadConfig.from(ResilienceProfiles.SEARCH).maxConcurrentCalls(maxConcurrent).build());
  }

  /** At most {@code maxConcurrent} searches; a further one waits up to {@code maxWait}, then gets 503. */
  public SearchBulkhead(int maxConcurrent, Duration maxWait) {
    this(BulkheadConfig.from(ResilienceProfiles.SEARCH).maxConcurrentCalls(maxConcurrent).maxWaitDuration(maxWait)
        .build());
  }

  private SearchBulkhead(BulkheadConfig config) {
    this.bulkhead = Bulkhead.of("search", config);
  }

  /** Runs {@code search} inside the bulkhead. */
  public <T> T run(Supplier<T> search) {
    try {
      return bulkhead.executeSupplier(search);
    } catch (BulkheadFullException e) {
      throw new ApiException(503, "OVERLOADED", "too many searches in progress; retry later");
    }
  }

  /** Searches running now. */
  public int inFlight() {
    return bulkhead.getMetrics().getMaxAllowedConcurrentCalls() - bulkhead.getMetrics().getAvailableConcurrentCalls();
  }
}
