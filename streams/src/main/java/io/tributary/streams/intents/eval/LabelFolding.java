package io.tributary.streams.intents.eval;

import io.tributary.schemas.agents.AgentCatalogue;
import io.tributary.schemas.agents.AgentScoring;
import io.tributary.schemas.agents.AgentDefinition;
import io.tributary.schemas.agents.LabelSettings;
import io.tributary.schemas.json.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The baselines and output of route-eval's label runs: labels as plain catalogue examples, and a catalogue block. */
public final class LabelFolding {

  private LabelFolding() {}

  /**
   * {@code catalogue} with every label of a catalogue agent added to that agent's examples; labels
   * of {@code default} or of unknown agents have nowhere to go and are dropped. A classifier
   * catalogue grown past {@link AgentCatalogue#MAX_CLASSIFIER_SIZE} is scored by similarity.
   */
  public static AgentCatalogue fold(AgentCatalogue catalogue, List<LabelledUtterance> labels) {
    Map<String, List<String>> extra = new LinkedHashMap<>();
    labels.forEach(l -> extra.computeIfAbsent(l.agent(), a -> new ArrayList<>()).add(l.text()));
    List<AgentDefinition> agents = catalogue.agents().stream().map(a -> {
      List<String> examples = new ArrayList<>(a.examples());
      examples.addAll(extra.getOrDefault(a.name(), List.of()));
      return new AgentDefinition(a.name(), a.description(), examples, a.topic(), a.minConfidence());
    }).toList();
    AgentScoring scoring = catalogue.scoring() == AgentScoring.CLASSIFIER && !AgentCatalogue.classifierFits(agents)
        ? AgentScoring.SIMILARITY : catalogue.scoring();
    return AgentCatalogue.of(catalogue.minConfidence(), catalogue.exampleWeight(), agents, catalogue.publishedAt(),
        null, scoring);
  }

  /** The {@code "labels"} block of a catalogue file for {@code settings}. */
  public static String block(LabelSettings settings) {
    Map<String, Object> block = new LinkedHashMap<>();
    block.put("snapshot", settings.snapshot());
    block.put("neighbours", settings.neighbours());
    block.put("weight", settings.weight());
    block.put("min_confidence", settings.minConfidence());
    block.put("thresholds", settings.thresholds());
    try {
      return "\"labels\": " + Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(block);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("cannot render label settings", e);
    }
  }
}
