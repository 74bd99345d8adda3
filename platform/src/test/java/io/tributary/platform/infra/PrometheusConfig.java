package io.tributary.platform.infra;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Checks prometheus.yml against the compose stack: scrape and Alertmanager targets are services on
 * ports they listen on, every role built from the project is scraped through DNS discovery (so every
 * replica is), and every rule file pattern matches files through the Prometheus container's bind
 * mounts.
 */
final class PrometheusConfig {

  private final ComposeModel compose;
  private final ComposeService prometheus;
  private final Function<String, List<String>> filesMatching;

  /**
   * @param prometheus the service that runs Prometheus (its mounts map container paths to files)
   * @param filesMatching the files a host path pattern (relative to the compose file, {@code *} allowed in
   *     the last part) matches
   */
  PrometheusConfig(ComposeModel compose, ComposeService prometheus, Function<String, List<String>> filesMatching) {
    this.compose = compose;
    this.prometheus = prometheus;
    this.filesMatching = filesMatching;
  }

  /** Problems in the parsed prometheus.yml {@code config}. */
  List<String> problems(JsonNode config) {
    List<String> problems = new ArrayList<>();
    HostPortReferences hostPorts = new HostPortReferences(compose);
    Set<String> scraped = new HashSet<>();
    for (JsonNode job : config.path("scrape_configs")) {
      String where = "prometheus.yml job " + job.path("job_name").asText("<unnamed>");
      for (JsonNode staticConfig : job.path("static_configs")) {
        for (JsonNode target : staticConfig.path("targets")) {
          problems.addAll(hostPorts.problems(where, target.asText()));
          String host = target.asText().split(":")[0];
          if (compose.services().containsKey(host) && compose.services().get(host).built()) {
            problems.add(where + ": the role '" + host + "' is a static target: with --scale only one replica"
                + " is scraped (use dns_sd_configs)");
          }
        }
      }
      for (JsonNode dnsConfig : job.path("dns_sd_configs")) {
        for (JsonNode name : dnsConfig.path("names")) {
          if (!dnsConfig.path("type").asText("SRV").equals("A")) {
            problems.add(where + ": Docker's DNS answers A records, not " + dnsConfig.path("type").asText("SRV"));
          }
          problems.addAll(hostPorts.problems(where, name.asText() + ":" + dnsConfig.path("port").asInt()));
          scraped.add(name.asText());
        }
      }
    }
    for (JsonNode alertmanager : config.path("alerting").path("alertmanagers")) {
      for (JsonNode staticConfig : alertmanager.path("static_configs")) {
        staticConfig.path("targets").forEach(t -> problems.addAll(hostPorts.problems("prometheus.yml alerting", t.asText())));
      }
    }
    for (ComposeService service : compose.services().values()) {
      if (service.built() && !scraped.contains(service.name())) {
        problems.add("prometheus.yml: the role '" + service.name() + "' is not scraped");
      }
    }
    for (JsonNode ruleFile : config.path("rule_files")) {
      String pattern = ruleFile.asText();
      var hostPattern = prometheus.hostPathOf(pattern);
      if (hostPattern.isEmpty()) {
        problems.add("prometheus.yml: rule file '" + pattern + "' is not mounted into " + prometheus.name());
      } else if (filesMatching.apply(hostPattern.get()).isEmpty()) {
        problems.add("prometheus.yml: rule file '" + pattern + "' matches no file (" + hostPattern.get() + ")");
      }
    }
    return problems;
  }

  /** The host paths of the rule files the config loads (for {@link AlertRules}). */
  List<String> ruleFiles(JsonNode config) {
    List<String> files = new ArrayList<>();
    config.path("rule_files").forEach(r -> prometheus.hostPathOf(r.asText()).ifPresent(p -> files.addAll(filesMatching.apply(p))));
    return files;
  }
}
