package io.tributary.edge.security;

/** The identity provider's discovery document or key set could not be fetched or read. */
public final class IssuerUnavailableException extends RuntimeException {

  public IssuerUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
