package io.tributary.schemas.agents;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.schemas.json.Json;
import io.tributary.schemas.validation.JsonSchemaContract;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads an agent catalogue from its JSON configuration file ({@code agent-catalogue.schema.json}):
 * {@code {"min_confidence": 0.3, "scoring": "similarity", "agents": [{"name", "description", "examples", "topic",
 * "min_confidence"}], "labels": {...}}} (see {@link LabelSettings}). The version is computed from the content, never taken from the file.
 */
public final class AgentCatalogueFile {

  /** The sample catalogue shipped in the jar (dev mode and the labelled data set use it). */
  public static final String SAMPLE_RESOURCE = "/agents/sample-catalogue.json";

  private static final JsonSchemaContract CONTRACT = JsonSchemaContract.load("agent-catalogue");

  private AgentCatalogueFile() {}

  /** Reads {@code file}. */
  public static AgentCatalogue read(Path file, Instant publishedAt) {
    try (InputStream in = Files.newInputStream(file)) {
      return read(in, publishedAt, file.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read agent catalogue " + file, e);
    }
  }

  /** Reads the sample catalogue from the classpath. */
  public static AgentCatalogue sample(Instant publishedAt) {
    try (InputStream in = AgentCatalogueFile.class.getResourceAsStream(SAMPLE_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(SAMPLE_RESOURCE + " is missing from the classpath");
      }
      return read(in, publishedAt, SAMPLE_RESOURCE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Reads a catalogue file's content; {@code origin} names it in errors. */
  public static AgentCatalogue read(InputStream in, Instant publishedAt, String origin) throws IOException {
    JsonNode root;
    try {
      root = Json.mapper().readTree(in);
    } catch (JacksonException e) {
      throw new IllegalArgumentException(origin + " is not well-formed JSON: " + e.getOriginalMessage(), e);
    }
    List<String> violations = root == null ? List.of("empty file") : CONTRACT.violations(root);
    if (!violations.isEmpty()) {
      throw new IllegalArgumentException(origin + " is not a valid agent catalogue: " + String.join("; ", violations));
    }
    List<AgentDefinition> agents = new ArrayList<>();
    for (JsonNode agent : root.path("agents")) {
      try {
        agents.add(Json.mapper().treeToValue(agent, AgentDefinition.class));
      } catch (JacksonException e) {
        // The record's own checks (reserved names, duplicates) arrive wrapped by Jackson.
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        throw new IllegalArgumentException(origin + ": " + cause.getMessage(), e);
      }
    }
    double minConfidence = root.path("min_confidence").asDouble(AgentCatalogue.DEFAULT_MIN_CONFIDENCE);
    double exampleWeight = root.path("example_weight").asDouble(AgentCatalogue.DEFAULT_EXAMPLE_WEIGHT);
    LabelSettings labels = null;
    JsonNode block = root.path("labels");
    if (block.isObject()) {
      Map<String, Double> thresholds = new TreeMap<>();
      block.path("thresholds").properties().forEach(e -> thresholds.put(e.getKey(), e.getValue().asDouble()));
      labels = new LabelSettings(block.path("snapshot").asText(),
          block.path("neighbours").asInt(LabelSettings.DEFAULT_NEIGHBOURS),
          block.path("weight").asDouble(LabelSettings.DEFAULT_WEIGHT),
          block.path("min_confidence").asDouble(minConfidence), thresholds);
    }
    AgentScoring scoring = root.has("scoring") ? AgentScoring.of(root.path("scoring").asText())
        : AgentScoring.SIMILARITY;
    try {
      return AgentCatalogue.of(minConfidence, exampleWeight, agents, publishedAt, labels, scoring);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(origin + ": " + e.getMessage(), e);
    }
  }
}
