package io.tributary.platform.infra.k8s;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The subset of {@code kustomize build} that infra/k8s uses (kustomize is not on the build
 * machines): resources (files and directories), patches by file (strategic merge), namespace,
 * labels (metadata only), images and replicas. Any other field of a kustomization fails, so a
 * manifest that relies on a feature this renderer lacks cannot pass unchecked.
 */
public final class Kustomize {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> FIELDS =
      Set.of("apiVersion", "kind", "namespace", "labels", "resources", "images", "replicas", "patches");
  private static final Set<String> SCALABLE = Set.of("Deployment", "StatefulSet", "ReplicaSet");

  private Kustomize() {}

  /** The objects {@code kustomize build dir} would print, in resource order. */
  public static List<ObjectNode> build(Path dir) {
    Path file = dir.resolve("kustomization.yaml");
    ObjectNode kustomization = single(file);
    for (Iterator<String> names = kustomization.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!FIELDS.contains(name)) {
        throw new ManifestException(file + ": unsupported or misspelled kustomization field '" + name + "'");
      }
    }
    require(kustomization, file, "apiVersion", "kustomize.config.k8s.io/v1beta1");
    require(kustomization, file, "kind", "Kustomization");
    List<ObjectNode> objects = new ArrayList<>();
    for (JsonNode resource : kustomization.path("resources")) {
      Path target = dir.resolve(resource.asText()).normalize();
      objects.addAll(Files.isDirectory(target) ? build(target) : documents(target));
    }
    for (JsonNode patch : kustomization.path("patches")) {
      only(patch, file, Set.of("path"));
      for (ObjectNode document : documents(dir.resolve(patch.path("path").asText()))) {
        StrategicMerge.apply(target(objects, document, file), document);
      }
    }
    for (JsonNode replica : kustomization.path("replicas")) {
      only(replica, file, Set.of("name", "count"));
      ObjectNode workload = objects.stream()
          .filter(o -> SCALABLE.contains(o.path("kind").asText()) && name(o).equals(replica.path("name").asText()))
          .findFirst()
          .orElseThrow(() -> new ManifestException(file + ": replicas names no workload " + replica.path("name")));
      ((ObjectNode) workload.path("spec")).put("replicas", replica.path("count").asInt());
    }
    for (JsonNode image : kustomization.path("images")) {
      only(image, file, Set.of("name", "newName", "newTag"));
      objects.forEach(o -> eachContainer(o, container -> retag(container, image)));
    }
    if (kustomization.has("namespace")) {
      objects.forEach(o -> metadata(o).put("namespace", kustomization.path("namespace").asText()));
    }
    for (JsonNode label : kustomization.path("labels")) {
      only(label, file, Set.of("pairs"));
      objects.forEach(o -> label.path("pairs").properties()
          .forEach(pair -> metadata(o).with("labels").set(pair.getKey(), pair.getValue())));
    }
    return objects;
  }

  /** Calls {@code action} for every container and init container of the object's pod template. */
  public static void eachContainer(ObjectNode object, Consumer<ObjectNode> action) {
    JsonNode pod = object.path("spec").path("template").path("spec");
    for (String list : List.of("initContainers", "containers")) {
      for (JsonNode container : pod.path(list)) {
        action.accept((ObjectNode) container);
      }
    }
  }

  /** Every document of a (multi-document) YAML file, each a mapping. */
  public static List<ObjectNode> documents(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    List<ObjectNode> documents = new ArrayList<>();
    for (Object loaded : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(text)) {
      if (loaded == null) {
        continue;
      }
      if (!(loaded instanceof Map<?, ?>)) {
        throw new ManifestException(file + ": a document is not a mapping");
      }
      documents.add(JSON.valueToTree(loaded));
    }
    return documents;
  }

  static String name(JsonNode object) {
    return object.path("metadata").path("name").asText();
  }

  private static ObjectNode metadata(ObjectNode object) {
    return object.with("metadata");
  }

  private static ObjectNode single(Path file) {
    List<ObjectNode> documents = documents(requireNonNull(file, "file"));
    if (documents.size() != 1) {
      throw new ManifestException(file + ": expected one document, found " + documents.size());
    }
    return documents.getFirst();
  }

  private static ObjectNode target(List<ObjectNode> objects, ObjectNode patch, Path file) {
    List<ObjectNode> matches = objects.stream()
        .filter(o -> o.path("kind").equals(patch.path("kind")) && name(o).equals(name(patch))
            && o.path("apiVersion").equals(patch.path("apiVersion")))
        .toList();
    if (matches.size() != 1) {
      throw new ManifestException(file + ": a patch must match exactly one object, "
          + patch.path("apiVersion").asText() + " " + patch.path("kind").asText() + " " + name(patch)
          + " matches " + matches.size());
    }
    return matches.getFirst();
  }

  private static void retag(ObjectNode container, JsonNode image) {
    String current = container.path("image").asText();
    int colon = current.lastIndexOf(':');
    String repository = colon > current.lastIndexOf('/') ? current.substring(0, colon) : current;
    if (!repository.equals(image.path("name").asText())) {
      return;
    }
    String newName = image.path("newName").asText(repository);
    String tag = image.has("newTag") ? ":" + image.path("newTag").asText()
        : colon > current.lastIndexOf('/') ? current.substring(colon) : "";
    container.put("image", newName + tag);
  }

  private static void require(JsonNode node, Path file, String field, String value) {
    if (!value.equals(node.path(field).asText())) {
      throw new ManifestException(file + ": " + field + " must be " + value);
    }
  }

  private static void only(JsonNode entry, Path file, Set<String> allowed) {
    for (Iterator<String> names = entry.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!allowed.contains(name)) {
        throw new ManifestException(file + ": unsupported or misspelled field '" + name + "' in " + entry);
      }
    }
  }

  /** Lists the items of an array node as object nodes. */
  static List<ObjectNode> objects(ArrayNode array) {
    List<ObjectNode> items = new ArrayList<>();
    array.forEach(item -> items.add((ObjectNode) item));
    return items;
  }
}
