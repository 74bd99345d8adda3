package io.tributary.platform.infra;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Checks an OpenTelemetry Collector config: pipelines use defined components, endpoints are compose services. */
final class CollectorConfig {

  private final ComposeModel compose;

  CollectorConfig(ComposeModel compose) {
    this.compose = compose;
  }

  /** Problems of the parsed collector {@code config}. */
  List<String> problems(JsonNode config) {
    List<String> problems = new ArrayList<>();
    JsonNode pipelines = config.path("service").path("pipelines");
    if (pipelines.isEmpty()) {
      problems.add("collector: no pipelines");
    }
    for (Map.Entry<String, JsonNode> pipeline : pipelines.properties()) {
      for (String kind : List.of("receivers", "processors", "exporters")) {
        for (JsonNode component : pipeline.getValue().path(kind)) {
          if (!config.path(kind).has(component.asText())) {
            problems.add("collector pipeline " + pipeline.getKey() + ": " + kind + " '" + component.asText()
                + "' is not defined");
          }
        }
      }
    }
    for (JsonNode extension : config.path("service").path("extensions")) {
      if (!config.path("extensions").has(extension.asText())) {
        problems.add("collector: extension '" + extension.asText() + "' is not defined");
      }
    }
    problems.addAll(new HostPortReferences(compose).problemsIn("collector exporters", config.path("exporters")));
    return problems;
  }
}
