package io.tributary.schemas.kafka;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.SaslConfigs;

/**
 * Allows the configured OAUTHBEARER token and JWKS endpoints. Since Kafka 4.0 the client refuses
 * every such URL unless the JVM-wide {@value #ALLOWED_URLS} lists it; a user who configured the
 * endpoint meant it to be used, so it is added unless the operator set the property explicitly.
 */
final class OAuthEndpoints {

  static final String ALLOWED_URLS = "org.apache.kafka.sasl.oauthbearer.allowed.urls";

  private OAuthEndpoints() {}

  static void allow(Map<String, String> connection) {
    List<String> urls = new ArrayList<>();
    for (String key : List.of(SaslConfigs.SASL_OAUTHBEARER_TOKEN_ENDPOINT_URL, SaslConfigs.SASL_OAUTHBEARER_JWKS_ENDPOINT_URL)) {
      String url = connection.get(key);
      if (url != null && !url.isBlank()) {
        urls.add(url.strip());
      }
    }
    if (urls.isEmpty()) {
      return;
    }
    synchronized (OAuthEndpoints.class) {
      String current = System.getProperty(ALLOWED_URLS);
      if (current == null || current.isBlank()) {
        System.setProperty(ALLOWED_URLS, String.join(",", urls));
      }
    }
  }
}
