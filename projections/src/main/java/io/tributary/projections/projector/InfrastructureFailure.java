package io.tributary.projections.projector;

import io.tributary.projections.generations.GenerationMovedException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.SQLException;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.common.KafkaException;
import org.jdbi.v3.core.ConnectionException;

/**
 * Recognises failures of the services around a projector (Postgres, the broker, the network):
 * those are retried for as long as they last, never blamed on a record. A failure that is neither
 * this nor a {@link DataError} is unclassified: retried a bounded number of times, then the record
 * is dead-lettered as {@code UNEXPECTED_ERROR} so one bad record cannot stall its partition.
 */
final class InfrastructureFailure {

  private InfrastructureFailure() {}

  /** Whether {@code failure} or one of its causes is a failure of Postgres, the broker or the network. */
  static boolean in(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof SQLException
          || cause instanceof ConnectionException
          || cause instanceof IOException
          || cause instanceof UncheckedIOException
          || cause instanceof KafkaException
          || cause instanceof TimeoutException
          || cause instanceof InterruptedException
          || cause instanceof StaleBatchException
          || cause instanceof GenerationMovedException) {
        return true;
      }
    }
    return false;
  }
}
