package io.tributary.edge.security;

/** A bearer token that must not be trusted; the message says why, without echoing the token. */
public final class InvalidTokenException extends RuntimeException {

  public InvalidTokenException(String reason) {
    super(reason);
  }
}
