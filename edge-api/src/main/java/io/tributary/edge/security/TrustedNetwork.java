package io.tributary.edge.security;

import static java.util.Objects.requireNonNull;

import java.util.EnumSet;
import java.util.Optional;

/**
 * No authentication ({@code TRIBUTARY_AUTH=none}): every request acts for one tenant with every
 * role. Only for an API that nothing untrusted can reach.
 */
public final class TrustedNetwork implements Authenticator {

  private final Caller caller;

  public TrustedNetwork(String tenant) {
    this.caller = new Caller("anonymous", requireNonNull(tenant, "tenant"), EnumSet.allOf(Role.class));
  }

  @Override
  public Caller authenticate(Optional<String> authorization) {
    return caller;
  }
}
