package io.tributary.edge.security;

import static java.util.Objects.requireNonNull;

import io.tributary.edge.health.ReadinessCheck;

/**
 * Ready once the issuer's signing keys are cached. Before that the API can check no token, so a
 * process whose issuer is unreachable at start stays out of the load balancer instead of
 * answering 503 to everyone. Once cached, an issuer outage does not matter until keys rotate.
 */
public final class IssuerCheck implements ReadinessCheck {

  private final IssuerKeys keys;

  public IssuerCheck(IssuerKeys keys) {
    this.keys = requireNonNull(keys, "keys");
  }

  @Override
  public String name() {
    return "identity-provider";
  }

  @Override
  public CheckResult check() {
    try {
      return CheckResult.up(keys.load() + " signing key(s)");
    } catch (IssuerUnavailableException e) {
      return CheckResult.down("issuer unreachable or invalid");
    }
  }
}
