package io.tributary.platform.infra;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One service of a compose file, reduced to what the checks need.
 *
 * @param dependsOn service name to condition ({@code service_started} for the short list form)
 * @param listenPorts container ports the service listens on: its {@code expose} list and the
 *     container side of its {@code ports}
 */
record ComposeService(
    String name,
    String image,
    boolean built,
    Map<String, String> dependsOn,
    List<String> networks,
    List<Mount> mounts,
    Map<String, String> environment,
    List<String> command,
    Set<Integer> listenPorts,
    boolean healthcheck,
    List<String> secrets) {

  ComposeService {
    dependsOn = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(dependsOn));
    networks = List.copyOf(networks);
    mounts = List.copyOf(mounts);
    environment = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(environment));
    command = List.copyOf(command);
    listenPorts = Set.copyOf(listenPorts);
    secrets = List.copyOf(secrets);
  }

  /** A volume entry: a bind mount of a host path (starts with {@code .}, {@code /} or {@code ~}) or a named volume. */
  record Mount(String source, String target) {

    boolean bind() {
      return source.startsWith(".") || source.startsWith("/") || source.startsWith("~");
    }
  }

  /**
   * The host path (relative to the compose file, as written) behind {@code containerPath}, through
   * the bind mount with the longest matching target; empty when no bind mount covers it.
   */
  Optional<String> hostPathOf(String containerPath) {
    Mount best = null;
    for (Mount mount : mounts) {
      boolean covers = containerPath.equals(mount.target()) || containerPath.startsWith(mount.target() + "/");
      if (mount.bind() && covers && (best == null || mount.target().length() > best.target().length())) {
        best = mount;
      }
    }
    if (best == null) {
      return Optional.empty();
    }
    return Optional.of(best.source() + containerPath.substring(best.target().length()));
  }
}
