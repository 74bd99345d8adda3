package io.tributary.schemas.kafka;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.security.auth.login.LoginException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.SslAuthenticationException;

/**
 * The cluster refused this process: a failed login (wrong password, unknown user, untrusted
 * certificate, an OAuth client secret the token endpoint refused) or a denied operation.
 * Retrying cannot help, so roles stop with this one message, which names the listener and the
 * mechanism and never a secret.
 */
public final class KafkaAccessException extends IllegalStateException {

  /** {@code org.apache.kafka.common.KafkaException: java.io.IOException: } before the message that matters. */
  private static final Pattern WRAPPED = Pattern.compile("(?:(?:[a-z_$][\\w$]*\\.)+[A-Z][\\w$]*(?:Exception|Error): )+");

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
      boolean oauth = "OAUTHBEARER".equals(clients.saslMechanism());
      if (cause instanceof AuthenticationException login) {
        return Optional.of(new KafkaAccessException("Kafka refused the login on " + clients.listener()
            + ": " + firstLine(login) + (oauth
                ? " (check sasl.oauthbearer.scope, and the issuer and audience the broker expects of tokens)"
                : " (check the user and password in sasl.jaas.config)"), login));
      }
      if (cause instanceof LoginException login) {
        // The client's own login, before it reaches a broker: for OAUTHBEARER, getting a token from
        // the identity provider (which refused the client id and secret, or could not be reached).
        return Optional.of(new KafkaAccessException("Kafka login failed on " + clients.listener() + ": "
            + firstLine(deepest(login)) + (oauth
                ? " (check the client id and secret in sasl.oauthbearer.client.credentials.* and"
                    + " sasl.oauthbearer.token.endpoint.url)"
                : " (check sasl.jaas.config)"), login));
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

  private static Throwable deepest(Throwable e) {
    Throwable deepest = e;
    while (deepest.getCause() != null && deepest.getCause() != deepest) {
      deepest = deepest.getCause();
    }
    return deepest;
  }

  /** The first line of {@code e}'s message without the class names of the exceptions it wraps. */
  private static String firstLine(Throwable e) {
    String message = String.valueOf(e.getMessage());
    int newline = message.indexOf('\n');
    String line = newline < 0 ? message : message.substring(0, newline);
    Matcher wrapped = WRAPPED.matcher(line);
    return wrapped.lookingAt() && wrapped.end() < line.length() ? line.substring(wrapped.end()) : line;
  }
}
