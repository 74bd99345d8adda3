package io.tributary.schemas.errors;

import static java.util.Objects.requireNonNull;

/** A record that can never be processed as it is: it goes to a dead-letter topic, not a retry. */
public class InvalidRecordException extends RuntimeException {

  private final ErrorCode code;

  public InvalidRecordException(ErrorCode code, String message) {
    super(message);
    this.code = requireNonNull(code, "code");
  }

  public InvalidRecordException(ErrorCode code, String message, Throwable cause) {
    super(message, cause);
    this.code = requireNonNull(code, "code");
  }

  /** The stable code of the problem. */
  public ErrorCode code() {
    return code;
  }
}
