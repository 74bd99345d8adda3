package io.tributary.streams.intents;

/**
 * Counts the messages a stream thread has taken in, across all its tasks, so that a task can tell
 * whether its thread's input has gone quiet: a batch is routed when nothing arrived on the thread
 * between two linger ticks, not merely because a tick came (a long flush in one task must not make
 * every other task flush a half-filled batch).
 */
final class ThreadActivity {

  private final ThreadLocal<long[]> received = ThreadLocal.withInitial(() -> new long[1]);

  /** One more message taken in by the calling thread. */
  void received() {
    received.get()[0]++;
  }

  /** Messages the calling thread has taken in so far. */
  long count() {
    return received.get()[0];
  }
}
