package io.tributary.embedded;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The client listeners of an {@link EmbeddedKafka} besides its PLAINTEXT one, reached the way a
 * production cluster is: SASL over TLS with SCRAM-SHA-256 and -512 (users created when the log
 * directory is formatted), optionally PLAIN and OAUTHBEARER on the same listener, and optionally a
 * second, SSL listener that requires a client certificate (mutual TLS).
 *
 * @param keystore PKCS12 keystore with the broker's key and certificate (valid for 127.0.0.1)
 * @param keystorePassword its password (also the key's)
 * @param scramUsers user name to password, created for both SCRAM mechanisms
 * @param plainUsers user name to password for SASL/PLAIN; none: PLAIN is not enabled
 * @param oauth how OAUTHBEARER tokens are validated; empty: OAUTHBEARER is not enabled
 * @param clientAuthority PKCS12 truststore (under {@code keystorePassword}) with the CA that signs
 *     client certificates; present: an SSL listener that requires one
 */
public record SaslSslListener(Path keystore, String keystorePassword, Map<String, String> scramUsers,
    Map<String, String> plainUsers, Optional<OAuth> oauth, Optional<Path> clientAuthority) {

  public SaslSslListener {
    requireNonNull(keystore, "keystore");
    requireNonNull(keystorePassword, "keystorePassword");
    scramUsers = Map.copyOf(scramUsers);
    plainUsers = Map.copyOf(plainUsers);
    requireNonNull(oauth, "oauth");
    requireNonNull(clientAuthority, "clientAuthority");
  }

  /** SCRAM only, no PLAIN, OAUTHBEARER or mutual TLS. */
  public SaslSslListener(Path keystore, String keystorePassword, Map<String, String> scramUsers) {
    this(keystore, keystorePassword, scramUsers, Map.of(), Optional.empty(), Optional.empty());
  }

  /** Also SASL/PLAIN logins of {@code users} (name to password). */
  public SaslSslListener withPlainUsers(Map<String, String> users) {
    return new SaslSslListener(keystore, keystorePassword, scramUsers, users, oauth, clientAuthority);
  }

  /** Also OAUTHBEARER logins with JWTs that {@code validation} accepts. */
  public SaslSslListener withOAuth(OAuth validation) {
    return new SaslSslListener(keystore, keystorePassword, scramUsers, plainUsers,
        Optional.of(requireNonNull(validation, "validation")), clientAuthority);
  }

  /**
   * Also an SSL listener that requires a client certificate signed by a CA in {@code truststore}
   * (PKCS12, under the keystore's password).
   */
  public SaslSslListener withMutualTls(Path truststore) {
    return new SaslSslListener(keystore, keystorePassword, scramUsers, plainUsers, oauth,
        Optional.of(requireNonNull(truststore, "truststore")));
  }

  /**
   * How the broker validates OAUTHBEARER tokens (OIDC client credentials): the signature against
   * the issuer's JWKS, then {@code iss} and {@code aud}.
   *
   * @param jwksUrl the issuer's JWKS endpoint
   * @param issuer the {@code iss} every token must carry
   * @param audience an {@code aud} every token must carry
   */
  public record OAuth(String jwksUrl, String issuer, String audience) {
    public OAuth {
      requireNonNull(jwksUrl, "jwksUrl");
      requireNonNull(issuer, "issuer");
      requireNonNull(audience, "audience");
    }
  }

  @Override
  public String toString() {
    return "SaslSslListener[keystore=" + keystore + ", scram=" + scramUsers.keySet() + ", plain=" + plainUsers.keySet()
        + ", oauth=" + oauth + ", mtls=" + clientAuthority.isPresent() + "]";
  }
}
