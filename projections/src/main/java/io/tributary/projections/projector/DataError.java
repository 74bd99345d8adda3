package io.tributary.projections.projector;

import io.tributary.projections.rag.RejectedDocumentException;
import io.tributary.schemas.errors.ErrorCode;
import io.tributary.schemas.errors.InvalidRecordException;
import java.sql.SQLException;
import java.util.Optional;
import org.apache.kafka.common.errors.SerializationException;

/**
 * A failure caused by one record's content: retrying it can never succeed, so it is dead-lettered.
 * Everything else (connections, timeouts, disk, bugs) is an infrastructure error and is retried.
 *
 * @param code stable code for the dead-letter header
 * @param errorClass class name of the exception
 * @param message bounded message; never the record's text
 */
record DataError(ErrorCode code, String errorClass, String message) {

  private static final int MAX_MESSAGE_LENGTH = 1000;

  /** The data error behind {@code failure}, or empty when it is an infrastructure or unclassified error. */
  static Optional<DataError> of(Throwable failure) {
    return of(failure, false);
  }

  /**
   * The data error behind {@code failure}; when {@code unexpectedIsData} (the bounded retries of an
   * unclassified failure are spent), an unclassified failure counts as one, with code
   * {@link ErrorCode#UNEXPECTED_ERROR} and the class of its innermost cause. Infrastructure
   * failures never do.
   */
  static Optional<DataError> of(Throwable failure, boolean unexpectedIsData) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      Optional<ErrorCode> code = codeOf(cause);
      if (code.isPresent()) {
        return Optional.of(new DataError(code.get(), cause.getClass().getName(), messageOf(cause)));
      }
    }
    if (unexpectedIsData && isUnclassified(failure)) {
      Throwable root = failure;
      while (root.getCause() != null && root.getCause() != root) {
        root = root.getCause();
      }
      return Optional.of(new DataError(ErrorCode.UNEXPECTED_ERROR, root.getClass().getName(), messageOf(root)));
    }
    return Optional.empty();
  }

  /** Neither a data error nor a failure of the services around the projector. */
  static boolean isUnclassified(Throwable failure) {
    return of(failure, false).isEmpty() && !InfrastructureFailure.in(failure);
  }

  private static Optional<ErrorCode> codeOf(Throwable cause) {
    return switch (cause) {
      case RejectedDocumentException rejected -> Optional.of(rejected.code());
      case InvalidRecordException invalid -> Optional.of(invalid.code());
      case SerializationException serialization -> Optional.of(ErrorCode.SCHEMA_VIOLATION);
      case SQLException sql -> sqlCode(sql.getSQLState());
      default -> Optional.empty();
    };
  }

  /** SQLSTATE classes that describe the row, not the server: 22 data exception, 23 integrity, 54000 too large. */
  private static Optional<ErrorCode> sqlCode(String state) {
    if (state == null) {
      return Optional.empty();
    }
    if (state.startsWith("22")) {
      return Optional.of(ErrorCode.INVALID_VALUE);
    }
    if (state.startsWith("23")) {
      return Optional.of(ErrorCode.CONSTRAINT_VIOLATION);
    }
    if (state.equals("54000")) {
      // program_limit_exceeded: an index row, tsvector or array larger than Postgres accepts.
      return Optional.of(ErrorCode.DOCUMENT_TOO_LARGE);
    }
    return Optional.empty();
  }

  private static String messageOf(Throwable cause) {
    String text = String.valueOf(cause.getMessage());
    if (cause instanceof SQLException) {
      // Postgres appends "Detail: Failing row contains (...)" on later lines: that is document text.
      int newline = text.indexOf('\n');
      text = newline < 0 ? text : text.substring(0, newline);
    }
    // A message may quote a field of the record; Postgres text cannot hold NUL, and a dead letter
    // that cannot be stored would fail its whole batch again and again.
    text = text.replace("\u0000", "\\u0000");
    return text.length() <= MAX_MESSAGE_LENGTH ? text : text.substring(0, MAX_MESSAGE_LENGTH) + "…";
  }
}
