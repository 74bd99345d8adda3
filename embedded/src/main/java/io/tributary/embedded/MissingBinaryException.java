package io.tributary.embedded;

/** A service binary (postgres, redis-server, ...) or extension is not installed on this machine. */
public final class MissingBinaryException extends IllegalStateException {

  private static final long serialVersionUID = 1L;

  public MissingBinaryException(String message) {
    super(message);
  }
}
