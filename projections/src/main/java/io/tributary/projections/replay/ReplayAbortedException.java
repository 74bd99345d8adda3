package io.tributary.projections.replay;

/** The generation being built was aborted (by an operator or a failure); the live one is untouched. */
public final class ReplayAbortedException extends RuntimeException {

  public ReplayAbortedException(String message) {
    super(message);
  }
}
