package io.tributary.schemas.kafka;

import java.util.Optional;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.SslAuthenticationException;

/**
 * The cluster refused this process: a failed login (wrong password, unknown user, untrusted
 * certificate) or a denied operation. Retrying cannot help, so roles stop with this one message,
 * which names the listener and the mechanism and never a secret.
 */
public final class KafkaAccessException extends IllegalStateException {

  private KafkaAccessException(String message, Throwable cause) {
    super(message, cause);
  }

  /** The access failure somewhere in {@code failure}'s causes, explained for {@code clients}; empty if there is none. */
  public static Optional<KafkaAccessException> find(Throwable failure, KafkaClients clients) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof KafkaAccessException explained) {
        return Optional.of(explained);
      }
      if (cause instanceof SslAuthenticationException tls) {
        return Optional.of(new KafkaAccessException("Kafka TLS handshake failed on " + clients.listener()
            + ": " + firstLine(tls) + " (check ssl.truststore.*, ssl.keystore.* and the broker's certificate)", tls));
      }
      if (cause instanceof AuthenticationException login) {
        return Optional.of(new KafkaAccessException("Kafka refused the login on " + clients.listener()
            + ": " + firstLine(login) + " (check the user and password in sasl.jaas.config)", login));
      }
      if (cause instanceof AuthorizationException denied) {
        return Optional.of(new KafkaAccessException("Kafka denied an operation on " + clients.listener()
            + ": " + firstLine(denied) + " (grant the principal access to Tributary's topics and groups)", denied));
      }
    }
    return Optional.empty();
  }

  /** {@code failure} explained as an access failure when it is one, else {@code failure} itself. */
  public static RuntimeException explain(RuntimeException failure, KafkaClients clients) {
    return find(failure, clients).<RuntimeException>map(e -> e).orElse(failure);
  }

  private static String firstLine(Throwable e) {
    String message = String.valueOf(e.getMessage());
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
