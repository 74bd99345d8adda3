package io.tributary.platform;

/**
 * A problem the user can fix (a setting, a missing file, an unknown name, a busy generation): the
 * command line prints its message as one line and exits 2. Anything else is a bug and keeps its
 * stack trace.
 */
public class UserError extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public UserError(String message) {
    super(message);
  }

  public UserError(String message, Throwable cause) {
    super(message, cause);
  }
}
