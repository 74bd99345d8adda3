package io.tributary.platform.infra;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Checks that a compose file only refers to things it defines: services in {@code depends_on}
 * (with a healthcheck where it waits for health), networks, named volumes, secrets, bind-mounted
 * files, and {@code host:port} in environment and commands; and that every image is pinned.
 */
final class ComposeReferences {

  /** A tag that names a version: not {@code latest}, not absent. */
  private static final Pattern PINNED_IMAGE = Pattern.compile(".+:(?!latest$)[A-Za-z0-9_][A-Za-z0-9_.-]*$");

  private final ComposeModel compose;
  private final Predicate<String> hostPathExists;
  private final HostPortReferences hostPorts;

  /**
   * @param hostPathExists whether a bind-mount source (as written, relative to the compose file) exists
   */
  ComposeReferences(ComposeModel compose, Predicate<String> hostPathExists) {
    this.compose = compose;
    this.hostPathExists = hostPathExists;
    this.hostPorts = new HostPortReferences(compose);
  }

  /** Every broken reference, one message each; empty when all resolve. */
  List<String> problems() {
    List<String> problems = new ArrayList<>();
    compose.services().values().forEach(service -> problems.addAll(problems(service)));
    return problems;
  }

  private List<String> problems(ComposeService service) {
    List<String> problems = new ArrayList<>();
    String where = "service " + service.name();
    for (Map.Entry<String, String> dependency : service.dependsOn().entrySet()) {
      ComposeService target = compose.services().get(dependency.getKey());
      if (target == null) {
        problems.add(where + ": depends_on names undefined service '" + dependency.getKey() + "'");
      } else if (dependency.getValue().equals("service_healthy") && !target.healthcheck()) {
        problems.add(where + ": waits for '" + target.name() + "' to be healthy, but it has no healthcheck");
      }
    }
    for (String network : service.networks()) {
      if (!network.equals("default") && !compose.networks().contains(network)) {
        problems.add(where + ": network '" + network + "' is not defined under networks");
      }
    }
    for (ComposeService.Mount mount : service.mounts()) {
      if (mount.source().isEmpty()) {
        continue; // an anonymous volume
      }
      if (mount.bind() && !hostPathExists.test(mount.source())) {
        problems.add(where + ": bind mount source '" + mount.source() + "' does not exist");
      } else if (!mount.bind() && !compose.volumes().contains(mount.source())) {
        problems.add(where + ": volume '" + mount.source() + "' is not defined under volumes");
      }
    }
    for (String secret : service.secrets()) {
      if (!compose.secrets().contains(secret)) {
        problems.add(where + ": secret '" + secret + "' is not defined under secrets");
      }
    }
    if (!PINNED_IMAGE.matcher(service.image()).matches()) {
      problems.add(where + ": image '" + service.image() + "' is not pinned to a version tag");
    }
    service.environment().forEach((name, value) ->
        problems.addAll(hostPorts.problems(where + " environment " + name, value)));
    service.command().forEach(argument -> problems.addAll(hostPorts.problems(where + " command", argument)));
    return problems;
  }
}
