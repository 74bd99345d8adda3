package io.tributary.projections.projector;

import java.util.List;

/** Where dead letters are published before the transaction that records them commits. */
interface DeadLetterSink {

  /** Publishes every letter durably, or throws (an infrastructure error: the batch is retried). */
  void publish(List<DeadLetter> letters);
}
