package io.tributary.platform.infra.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.Optional;

/**
 * Kubernetes' strategic merge patch, for the fields infra/k8s patches: mappings merge, a null
 * deletes, lists of containers, volumes, env, mounts, ports and spread constraints merge by their
 * key (as the API's patchMergeKey says), any other list is replaced.
 */
final class StrategicMerge {

  private static final Map<String, String> MERGE_KEYS = Map.of(
      "containers", "name",
      "initContainers", "name",
      "volumes", "name",
      "env", "name",
      "volumeMounts", "mountPath",
      "ports", "containerPort",
      "topologySpreadConstraints", "topologyKey");

  private StrategicMerge() {}

  /** Applies {@code patch} to {@code target} in place. */
  static void apply(ObjectNode target, ObjectNode patch) {
    patch.properties().forEach(entry -> {
      String field = entry.getKey();
      JsonNode value = entry.getValue();
      JsonNode current = target.get(field);
      if (value.isNull()) {
        target.remove(field);
      } else if (value.isObject() && current != null && current.isObject()) {
        apply((ObjectNode) current, (ObjectNode) value);
      } else if (value.isArray() && current != null && current.isArray() && MERGE_KEYS.containsKey(field)) {
        mergeList((ArrayNode) current, (ArrayNode) value, MERGE_KEYS.get(field));
      } else {
        target.set(field, value.deepCopy());
      }
    });
  }

  private static void mergeList(ArrayNode current, ArrayNode patch, String key) {
    for (JsonNode item : patch) {
      Optional<ObjectNode> existing = Kustomize.objects(current).stream()
          .filter(candidate -> candidate.path(key).equals(item.path(key)))
          .findFirst();
      if (existing.isPresent()) {
        apply(existing.get(), (ObjectNode) item);
      } else {
        current.add(item.deepCopy());
      }
    }
  }
}
