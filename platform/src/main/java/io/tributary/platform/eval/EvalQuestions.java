package io.tributary.platform.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Reads evaluation sets: JSON lines {@code {"question": ..., "document": ...}}; blank lines are skipped. */
public final class EvalQuestions {

  private static final ObjectMapper JSON = new ObjectMapper();

  private EvalQuestions() {}

  /**
   * The questions of {@code in}; {@code document_id} is accepted for {@code document}.
   *
   * @throws IllegalArgumentException naming the line of the first malformed entry
   */
  public static List<EvalQuestion> read(BufferedReader in, String location) throws IOException {
    List<EvalQuestion> questions = new ArrayList<>();
    int number = 0;
    for (String line = in.readLine(); line != null; line = in.readLine()) {
      number++;
      if (line.isBlank()) {
        continue;
      }
      try {
        JsonNode node = JSON.readTree(line);
        String question = node.path("question").asText("");
        String document = node.hasNonNull("document") ? node.get("document").asText()
            : node.path("document_id").asText("");
        questions.add(new EvalQuestion(question, document));
      } catch (IOException | IllegalArgumentException e) {
        throw new IllegalArgumentException(location + ":" + number
            + ": expected {\"question\": \"...\", \"document\": \"...\"}", e);
      }
    }
    if (questions.isEmpty()) {
      throw new IllegalArgumentException(location + ": no questions");
    }
    return questions;
  }
}
