package io.tributary.platform.infra;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A parsed compose file: services, and the volumes, networks and secrets it defines at the top level. */
record ComposeModel(Map<String, ComposeService> services, Set<String> volumes, Set<String> networks,
    Set<String> secrets) {

  ComposeModel {
    services = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(services));
    volumes = Set.copyOf(volumes);
    networks = Set.copyOf(networks);
    secrets = Set.copyOf(secrets);
  }

  /** The model of a compose tree (merge keys already applied, see {@link YamlDocuments}). */
  static ComposeModel of(JsonNode root) {
    Map<String, ComposeService> services = new LinkedHashMap<>();
    root.path("services").properties().forEach(entry -> services.put(entry.getKey(),
        service(entry.getKey(), entry.getValue())));
    return new ComposeModel(services, names(root.path("volumes")), names(root.path("networks")),
        names(root.path("secrets")));
  }

  private static ComposeService service(String name, JsonNode node) {
    Map<String, String> dependsOn = new LinkedHashMap<>();
    JsonNode depends = node.path("depends_on");
    if (depends.isArray()) {
      depends.forEach(d -> dependsOn.put(d.asText(), "service_started"));
    } else {
      depends.properties().forEach(e ->
          dependsOn.put(e.getKey(), e.getValue().path("condition").asText("service_started")));
    }
    List<ComposeService.Mount> mounts = new ArrayList<>();
    node.path("volumes").forEach(v -> mounts.add(mount(v)));
    Map<String, String> environment = new LinkedHashMap<>();
    JsonNode env = node.path("environment");
    if (env.isArray()) {
      env.forEach(e -> {
        String[] pair = e.asText().split("=", 2);
        environment.put(pair[0], pair.length > 1 ? pair[1] : "");
      });
    } else {
      env.properties().forEach(e -> environment.put(e.getKey(), e.getValue().asText()));
    }
    List<String> command = new ArrayList<>();
    JsonNode cmd = node.path("command");
    if (cmd.isArray()) {
      cmd.forEach(c -> command.add(c.asText()));
    } else if (cmd.isTextual()) {
      command.add(cmd.asText());
    }
    Set<Integer> ports = new HashSet<>();
    node.path("expose").forEach(p -> ports.add(portNumber(p.asText())));
    node.path("ports").forEach(p -> ports.add(containerPort(p)));
    List<String> secrets = new ArrayList<>();
    node.path("secrets").forEach(s -> secrets.add(s.isObject() ? s.path("source").asText() : s.asText()));
    JsonNode networks = node.path("networks");
    List<String> networkNames = new ArrayList<>();
    if (networks.isArray()) {
      networks.forEach(n -> networkNames.add(n.asText()));
    } else {
      networks.properties().forEach(e -> networkNames.add(e.getKey()));
    }
    return new ComposeService(name, node.path("image").asText(""), node.has("build"), dependsOn, networkNames,
        mounts, environment, command, ports, node.has("healthcheck") && !node.path("healthcheck").path("disable").asBoolean(),
        secrets);
  }

  private static ComposeService.Mount mount(JsonNode volume) {
    if (volume.isObject()) {
      return new ComposeService.Mount(volume.path("source").asText(), volume.path("target").asText());
    }
    String[] parts = volume.asText().split(":");
    return parts.length == 1 ? new ComposeService.Mount("", parts[0]) : new ComposeService.Mount(parts[0], parts[1]);
  }

  private static int containerPort(JsonNode port) {
    if (port.isObject()) {
      return port.path("target").asInt();
    }
    String text = port.asText();
    return portNumber(text.substring(text.lastIndexOf(':') + 1));
  }

  private static int portNumber(String text) {
    int slash = text.indexOf('/');
    return Integer.parseInt(slash < 0 ? text : text.substring(0, slash));
  }

  private static Set<String> names(JsonNode node) {
    Set<String> names = new HashSet<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
