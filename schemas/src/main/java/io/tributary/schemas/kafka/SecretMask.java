package io.tributary.schemas.kafka;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** Hides the values of client properties that carry secrets, so settings can be shown and logged. */
public final class SecretMask {

  /** What a hidden value is shown as. */
  public static final String HIDDEN = "[hidden]";

  private SecretMask() {}

  /**
   * Whether {@code property} may carry a secret: JAAS configs (they embed passwords and client
   * secrets), anything named like a password, secret, passphrase, key or credential, and inline PEM material.
   */
  public static boolean isSecret(String property) {
    String name = property.toLowerCase(Locale.ROOT);
    if (name.endsWith(".url") || name.endsWith(".urls")) {
      return false; // endpoints (token, JWKS) are addresses, not secrets
    }
    return name.endsWith("jaas.config")
        || name.contains("password")
        || name.contains("secret")
        || name.contains("credential")
        || name.contains("passphrase")
        || name.equals("ssl.keystore.key")
        || name.endsWith(".key")
        || name.contains("user.info");
  }

  /** A sorted copy of {@code properties} with every secret value replaced by {@link #HIDDEN}. */
  public static Map<String, String> masked(Map<String, ?> properties) {
    Map<String, String> shown = new TreeMap<>();
    properties.forEach((key, value) -> shown.put(key, isSecret(key) ? HIDDEN : String.valueOf(value)));
    return shown;
  }
}
