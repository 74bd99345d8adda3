package io.tributary.platform.infra.k8s;

/** A manifest or kustomization that would not render or would not be accepted by the API server. */
public final class ManifestException extends RuntimeException {

  public ManifestException(String message) {
    super(message);
  }
}
