package io.tributary.streams.embedding;

/**
 * The embedder kept failing for the whole retry budget: an outage, never a verdict on the record
 * being embedded, so the stream thread retries the record from its last commit instead of
 * dead-lettering it. The cause is the embedder's last failure.
 */
public final class EmbedderUnavailableException extends RuntimeException {

  public EmbedderUnavailableException(String modelId, RuntimeException cause) {
    super("embedder " + modelId + " unavailable: " + cause.getMessage(), cause);
  }
}
