package io.tributary.embedded;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.Map;

/**
 * A second listener of an {@link EmbeddedKafka}: SASL over TLS with SCRAM-SHA-256 and -512, the way
 * a production cluster is reached. Users are created when the log directory is formatted.
 *
 * @param keystore PKCS12 keystore with the broker's key and certificate (valid for 127.0.0.1)
 * @param keystorePassword its password (also the key's)
 * @param scramUsers user name to password, created for both SCRAM mechanisms
 */
public record SaslSslListener(Path keystore, String keystorePassword, Map<String, String> scramUsers) {

  public SaslSslListener {
    requireNonNull(keystore, "keystore");
    requireNonNull(keystorePassword, "keystorePassword");
    scramUsers = Map.copyOf(scramUsers);
  }

  @Override
  public String toString() {
    return "SaslSslListener[keystore=" + keystore + ", users=" + scramUsers.keySet() + "]";
  }
}
