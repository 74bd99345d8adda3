package io.tributary.platform.infra.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What every rendered Tributary workload must satisfy beyond the schema: non-root, read-only
 * root filesystem, no capabilities, requests and limits, probes on the health endpoints, and
 * references (ConfigMaps, Secrets, volumes, selectors, scale targets) that resolve.
 */
public final class WorkloadPolicy {

  private static final Set<String> WORKLOADS = Set.of("Deployment", "StatefulSet", "Job");

  private final Set<String> externalSecrets;

  /** {@code externalSecrets}: Secrets created outside the manifests, which references may name. */
  public WorkloadPolicy(Set<String> externalSecrets) {
    this.externalSecrets = Set.copyOf(externalSecrets);
  }

  /** Every violation in {@code objects}, each naming the object and the field. */
  public List<String> problems(List<ObjectNode> objects) {
    Set<String> configMaps = names(objects, "ConfigMap");
    Set<String> secrets = new HashSet<>(names(objects, "Secret"));
    secrets.addAll(externalSecrets);
    List<String> problems = new ArrayList<>();
    for (ObjectNode object : objects) {
      String where = object.path("kind").asText() + " " + Kustomize.name(object);
      if (WORKLOADS.contains(object.path("kind").asText())) {
        checkPod(object, where, configMaps, secrets, problems);
      }
      JsonNode selector = switch (object.path("kind").asText()) {
        case "Service" -> object.path("spec").path("selector");
        case "PodDisruptionBudget" -> object.path("spec").path("selector").path("matchLabels");
        default -> null;
      };
      if (selector != null && objects.stream().noneMatch(o -> selects(selector, o))) {
        problems.add(where + ": selector " + selector + " matches no pod template");
      }
      if (object.path("kind").asText().equals("HorizontalPodAutoscaler")) {
        JsonNode target = object.path("spec").path("scaleTargetRef");
        if (objects.stream().noneMatch(o -> o.path("kind").equals(target.path("kind"))
            && Kustomize.name(o).equals(target.path("name").asText()))) {
          problems.add(where + ": scaleTargetRef names no workload");
        }
      }
    }
    return problems;
  }

  private void checkPod(ObjectNode workload, String where, Set<String> configMaps, Set<String> secrets,
      List<String> problems) {
    JsonNode pod = workload.path("spec").path("template").path("spec");
    if (!pod.path("securityContext").path("runAsNonRoot").asBoolean(false)
        || pod.path("securityContext").path("runAsUser").asInt(0) == 0) {
      problems.add(where + ": pod must set runAsNonRoot and a non-zero runAsUser");
    }
    if (pod.path("automountServiceAccountToken").asBoolean(true)) {
      problems.add(where + ": pod must not mount a service account token");
    }
    Set<String> volumes = new HashSet<>();
    pod.path("volumes").forEach(volume -> {
      volumes.add(volume.path("name").asText());
      JsonNode secret = volume.path("secret").path("secretName");
      if (!secret.isMissingNode() && !secrets.contains(secret.asText())) {
        problems.add(where + ": volume " + volume.path("name").asText() + " names no Secret " + secret.asText());
      }
    });
    workload.path("spec").path("volumeClaimTemplates")
        .forEach(claim -> volumes.add(claim.path("metadata").path("name").asText()));
    boolean longRunning = !workload.path("kind").asText().equals("Job");
    Kustomize.eachContainer(workload, container -> {
      String at = where + " container " + container.path("name").asText();
      boolean initContainer = false;
      for (JsonNode init : pod.path("initContainers")) {
        initContainer |= init == container;
      }
      checkContainer(container, at, longRunning && !initContainer, problems);
      container.path("volumeMounts").forEach(mount -> {
        if (!volumes.contains(mount.path("name").asText())) {
          problems.add(at + ": mounts unknown volume " + mount.path("name").asText());
        }
      });
      container.path("envFrom").forEach(source -> {
        JsonNode configMap = source.path("configMapRef").path("name");
        if (!configMap.isMissingNode() && !configMaps.contains(configMap.asText())) {
          problems.add(at + ": envFrom names no ConfigMap " + configMap.asText());
        }
      });
      container.path("env").forEach(variable -> {
        JsonNode secret = variable.path("valueFrom").path("secretKeyRef").path("name");
        if (!secret.isMissingNode() && !secrets.contains(secret.asText())) {
          problems.add(at + ": env " + variable.path("name").asText() + " names no Secret " + secret.asText());
        }
      });
    });
  }

  private static void checkContainer(ObjectNode container, String at, boolean probed, List<String> problems) {
    JsonNode security = container.path("securityContext");
    if (!security.path("readOnlyRootFilesystem").asBoolean(false)) {
      problems.add(at + ": root filesystem must be read-only");
    }
    if (security.path("allowPrivilegeEscalation").asBoolean(true)) {
      problems.add(at + ": must not allow privilege escalation");
    }
    boolean dropsAll = false;
    for (JsonNode capability : security.path("capabilities").path("drop")) {
      dropsAll |= capability.asText().equals("ALL");
    }
    if (!dropsAll) {
      problems.add(at + ": must drop ALL capabilities");
    }
    JsonNode resources = container.path("resources");
    for (String field : List.of("requests.cpu", "requests.memory", "limits.cpu", "limits.memory")) {
      String[] parts = field.split("\\.");
      if (resources.path(parts[0]).path(parts[1]).isMissingNode()) {
        problems.add(at + ": resources." + field + " is missing");
      }
    }
    String image = container.path("image").asText();
    if (!image.contains(":")) {
      problems.add(at + ": image " + image + " has no tag");
    }
    if (probed) {
      checkProbe(container, "livenessProbe", "/health/live", at, problems);
      checkProbe(container, "readinessProbe", "/health/ready", at, problems);
    }
  }

  private static void checkProbe(JsonNode container, String probe, String path, String at, List<String> problems) {
    JsonNode get = container.path(probe).path("httpGet");
    if (!get.path("path").asText().equals(path)) {
      problems.add(at + ": " + probe + " must GET " + path);
      return;
    }
    JsonNode port = get.path("port");
    boolean declared = false;
    for (JsonNode declaredPort : container.path("ports")) {
      declared |= port.isTextual() ? declaredPort.path("name").equals(port)
          : declaredPort.path("containerPort").asInt() == port.asInt();
    }
    if (!declared) {
      problems.add(at + ": " + probe + " port " + port + " is not a container port");
    }
  }

  private static boolean selects(JsonNode selector, ObjectNode object) {
    JsonNode labels = object.path("spec").path("template").path("metadata").path("labels");
    if (labels.isMissingNode() || selector.isEmpty()) {
      return false;
    }
    for (var entry : selector.properties()) {
      if (!labels.path(entry.getKey()).equals(entry.getValue())) {
        return false;
      }
    }
    return true;
  }

  private static Set<String> names(List<ObjectNode> objects, String kind) {
    Set<String> names = new HashSet<>();
    objects.stream().filter(o -> o.path("kind").asText().equals(kind)).forEach(o -> names.add(Kustomize.name(o)));
    return names;
  }
}
