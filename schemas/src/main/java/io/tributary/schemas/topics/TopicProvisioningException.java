package io.tributary.schemas.topics;

/** The catalogue's topics could not be created or checked. */
public final class TopicProvisioningException extends IllegalStateException {
  public TopicProvisioningException(String message, Throwable cause) {
    super(message, cause);
  }
}
