package io.tributary.platform.infra;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Checks alertmanager.yml: routes name defined receivers, and a {@code *_file} under /run/secrets is a secret the service gets. */
final class AlertmanagerConfig {

  private static final String SECRETS_DIR = "/run/secrets/";

  private final ComposeService alertmanager;

  AlertmanagerConfig(ComposeService alertmanager) {
    this.alertmanager = alertmanager;
  }

  /** Problems of the parsed {@code config}. */
  List<String> problems(JsonNode config) {
    List<String> problems = new ArrayList<>();
    Set<String> receivers = new HashSet<>();
    config.path("receivers").forEach(r -> receivers.add(r.path("name").asText()));
    checkRoute(config.path("route"), receivers, problems);
    if (config.path("route").path("receiver").asText("").isEmpty()) {
      problems.add("alertmanager: the root route has no receiver");
    }
    collectSecretFiles(config.path("receivers"), problems);
    return problems;
  }

  private void checkRoute(JsonNode route, Set<String> receivers, List<String> problems) {
    String receiver = route.path("receiver").asText("");
    if (!receiver.isEmpty() && !receivers.contains(receiver)) {
      problems.add("alertmanager: route names undefined receiver '" + receiver + "'");
    }
    route.path("routes").forEach(child -> checkRoute(child, receivers, problems));
  }

  private void collectSecretFiles(JsonNode node, List<String> problems) {
    if (node.isObject()) {
      node.properties().forEach(field -> {
        String value = field.getValue().asText("");
        if (field.getKey().endsWith("_file") && value.startsWith(SECRETS_DIR)
            && !alertmanager.secrets().contains(value.substring(SECRETS_DIR.length()))) {
          problems.add("alertmanager: " + field.getKey() + " '" + value + "' is not a secret of service "
              + alertmanager.name());
        }
        collectSecretFiles(field.getValue(), problems);
      });
    } else if (node.isArray()) {
      node.forEach(item -> collectSecretFiles(item, problems));
    }
  }
}
