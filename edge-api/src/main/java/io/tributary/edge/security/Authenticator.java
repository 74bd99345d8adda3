package io.tributary.edge.security;

import java.util.Optional;

/** Turns the credentials of a request (its {@code Authorization} header, if any) into a caller. */
public interface Authenticator {

  /**
   * The caller for {@code authorization}; throws {@link io.tributary.edge.http.ApiException} 401
   * when credentials are missing or invalid, 503 when they cannot be checked now.
   */
  Caller authenticate(Optional<String> authorization);
}
