package io.tributary.projections.projector;

import org.apache.kafka.common.TopicPartition;

/**
 * A polled batch starts before the offset Postgres already holds: it was (partly) applied by an
 * earlier commit whose outcome this runner did not see, or by another runner. Applying it again
 * would break the exactly-once effect, so the transaction is rolled back and the consumer re-seeks.
 */
final class StaleBatchException extends RuntimeException {

  StaleBatchException(TopicPartition partition, long firstOffset, long storedOffset) {
    super(
        "batch for " + partition + " starts at offset " + firstOffset
            + " but Postgres already holds next offset " + storedOffset);
  }
}
