package io.tributary.edge.security;

import static java.util.Objects.requireNonNull;

import io.tributary.edge.http.ApiException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** OIDC bearer tokens (RFC 6750): every 401 carries a {@code WWW-Authenticate: Bearer} challenge. */
public final class BearerTokens implements Authenticator {

  private static final Logger log = LoggerFactory.getLogger(BearerTokens.class);
  private static final String REALM = "Bearer realm=\"tributary\"";

  private final TokenVerifier verifier;

  public BearerTokens(TokenVerifier verifier) {
    this.verifier = requireNonNull(verifier, "verifier");
  }

  @Override
  public Caller authenticate(Optional<String> authorization) {
    String header = authorization.map(String::strip).orElse("");
    if (header.isEmpty()) {
      throw unauthorized("UNAUTHENTICATED", "a bearer token is required", REALM);
    }
    if (!header.toLowerCase(Locale.ROOT).startsWith("bearer ")) {
      throw unauthorized("UNAUTHENTICATED", "the Authorization header must use the Bearer scheme", REALM);
    }
    String token = header.substring("bearer ".length()).strip();
    try {
      return verifier.verify(token);
    } catch (InvalidTokenException e) {
      // The reason goes to the client and the debug log; the token never does. The access line records the 401.
      log.debug("bearer token refused: {}", e.getMessage());
      throw unauthorized("INVALID_TOKEN", "the bearer token is invalid: " + e.getMessage(),
          REALM + ", error=\"invalid_token\"");
    } catch (IssuerUnavailableException e) {
      log.warn("identity provider unavailable: {}", e.getMessage());
      throw ApiException.unavailable("the identity provider");
    }
  }

  private static ApiException unauthorized(String code, String message, String challenge) {
    return new ApiException(401, code, message, List.of(), Map.of("WWW-Authenticate", challenge));
  }
}
