package io.tributary.embedded.internal;

/**
 * Since Kafka 4.0 a broker or client configures an OAuth endpoint (a JWKS or token URL) only if the
 * JVM-wide system property {@value #PROPERTY} lists it. A broker elsewhere has a JVM, and a list, of
 * its own; an embedded broker shares this JVM with its clients, whose list is theirs to set (Tributary
 * adds its configured endpoints only when the property is unset). So the broker's JWKS URL is listed
 * only while its listeners are configured, at start-up, and the previous value is restored after.
 */
public final class AllowedOAuthUrls {

  /** The JVM-wide list of OAuth endpoints Kafka may call. */
  public static final String PROPERTY = "org.apache.kafka.sasl.oauthbearer.allowed.urls";

  private AllowedOAuthUrls() {
  }

  /** Runs {@code action} with {@code url} also allowed ({@code null}: just runs it). */
  public static synchronized void during(String url, Runnable action) {
    if (url == null) {
      action.run();
      return;
    }
    String before = System.getProperty(PROPERTY);
    System.setProperty(PROPERTY, before == null || before.isBlank() ? url : before + "," + url);
    try {
      action.run();
    } finally {
      if (before == null) {
        System.clearProperty(PROPERTY);
      } else {
        System.setProperty(PROPERTY, before);
      }
    }
  }
}
