package io.tributary.platform.infra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** Reads YAML and JSON files into Jackson trees, resolving anchors and {@code <<} merge keys as compose does. */
final class YamlDocuments {

  private static final ObjectMapper JSON = new ObjectMapper();

  private YamlDocuments() {}

  /** The YAML (or JSON, a subset of YAML) {@code text} as a tree; an empty document is an empty object. */
  static JsonNode parse(String text) {
    // SnakeYAML (which jackson-dataformat-yaml brings) applies merge keys; Jackson's YAML parser
    // would keep "<<" as a plain field and hide every merged setting from the checks.
    Object loaded = new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
    return loaded == null ? JSON.createObjectNode() : JSON.valueToTree(loaded);
  }

  /** {@link #parse} of the file at {@code path}. */
  static JsonNode read(Path path) {
    try {
      return parse(Files.readString(path));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + path, e);
    }
  }
}
