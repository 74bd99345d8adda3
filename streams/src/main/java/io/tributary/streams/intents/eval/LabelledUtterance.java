package io.tributary.streams.intents.eval;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.schemas.json.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** One line of a labelled data set: a message and the agent that should get it ({@code default} for none). */
public record LabelledUtterance(String text, String agent) {

  public LabelledUtterance {
    requireNonNull(text, "text");
    requireNonNull(agent, "agent");
  }

  /** Reads JSON lines {@code {"text": ..., "agent": ...}}; blank lines are skipped. */
  public static List<LabelledUtterance> readJsonLines(BufferedReader in, String origin) throws IOException {
    List<LabelledUtterance> rows = new ArrayList<>();
    int number = 0;
    for (String line = in.readLine(); line != null; line = in.readLine()) {
      number++;
      if (line.isBlank()) {
        continue;
      }
      JsonNode node;
      try {
        node = Json.mapper().readTree(line);
      } catch (IOException e) {
        throw new IllegalArgumentException(origin + ":" + number + " is not JSON", e);
      }
      if (!node.path("text").isTextual() || !node.path("agent").isTextual()) {
        throw new IllegalArgumentException(origin + ":" + number + " needs string fields text and agent");
      }
      rows.add(new LabelledUtterance(node.path("text").asText(), node.path("agent").asText()));
    }
    return rows;
  }
}
