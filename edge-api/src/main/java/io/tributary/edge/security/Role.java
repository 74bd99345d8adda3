package io.tributary.edge.security;

import java.util.Optional;

/** What a caller may do; granted by the token's roles claim under these exact names. */
public enum Role {
  READ("tributary.read"),
  WRITE("tributary.write"),
  ADMIN("tributary.admin");

  private final String claimValue;

  Role(String claimValue) {
    this.claimValue = claimValue;
  }

  /** The name of the role inside a token, e.g. {@code tributary.read}. */
  public String claimValue() {
    return claimValue;
  }

  /** The role a claim value names; empty for roles Tributary does not know. */
  public static Optional<Role> fromClaim(String value) {
    for (Role role : values()) {
      if (role.claimValue.equals(value)) {
        return Optional.of(role);
      }
    }
    return Optional.empty();
  }
}
