package io.tributary.platform.cli.sources;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.platform.UserError;
import io.tributary.schemas.agents.IntentLabel;
import io.tributary.schemas.agents.IntentLabelReader;
import io.tributary.schemas.errors.InvalidRecordException;
import io.tributary.schemas.json.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Consumer;

/**
 * A JSON-lines file of labels for {@code route-label import}: one {@code {"text", "agent", "id"?,
 * "tenant"?}} per line, blank lines skipped. It is read twice, once to check every line and once
 * to hand the labels on, and never held in memory whole.
 */
public final class LabelFile {

  /** Prefix of the ids an import gives lines without one. */
  public static final String IMPORT_ID_PREFIX = "import-";

  private final Path path;
  private final String tenant;
  private final Instant labelledAt;
  private final IntentLabelReader reader = new IntentLabelReader();

  /**
   * @param tenant the tenant of lines that name none
   * @param labelledAt the time every label of this import is given
   */
  public LabelFile(String location, String tenant, Instant labelledAt) {
    this.path = Path.of(requireNonNull(location, "location"));
    this.tenant = requireNonNull(tenant, "tenant");
    this.labelledAt = requireNonNull(labelledAt, "labelledAt");
    if (!Files.isRegularFile(path)) {
      throw new UserError(location + ": no such file");
    }
  }

  /** The id of a line without one: a hash of tenant and text, so importing a line again replaces its label. */
  public static String importId(String tenant, String text) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256")
          .digest((tenant + "\n" + text).getBytes(StandardCharsets.UTF_8));
      return IMPORT_ID_PREFIX + HexFormat.of().formatHex(digest, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK ships SHA-256", e);
    }
  }

  /** Checks every line; the problems name the file and the line. */
  public Check check() {
    List<String> problems = new ArrayList<>();
    int[] labels = {0};
    lines((number, line) -> {
      try {
        label(line);
        labels[0]++;
      } catch (LineException e) {
        problems.add(path + ":" + number + ": " + e.getMessage());
      }
    });
    return new Check(labels[0], problems);
  }

  /** Hands every label to {@code each}, in file order; throws if a line no longer reads (the file changed). */
  public void forEach(Consumer<IntentLabel> each) {
    lines((number, line) -> {
      try {
        each.accept(label(line));
      } catch (LineException e) {
        throw new UserError(path + ":" + number + " changed during the import: " + e.getMessage());
      }
    });
  }

  /**
   * What {@link #check()} found.
   *
   * @param labels lines that are valid labels
   * @param problems one per bad line, {@code <file>:<line>: <what is wrong>}
   */
  public record Check(int labels, List<String> problems) {}

  private IntentLabel label(String line) {
    JsonNode node;
    try {
      node = Json.mapper().readTree(line);
    } catch (JacksonException e) {
      String problem = e.getOriginalMessage();
      int source = problem.indexOf(" (start marker at");
      throw new LineException("not well-formed JSON at column " + e.getLocation().getColumnNr() + ": "
          + (source < 0 ? problem : problem.substring(0, source)));
    }
    if (node == null || !node.isObject()) {
      throw new LineException("not a JSON object");
    }
    String text = required(node, "text");
    String agent = required(node, "agent");
    String lineTenant = optional(node, "tenant", tenant);
    String id = optional(node, "id", null);
    IntentLabel label = new IntentLabel(lineTenant, id != null ? id : importId(lineTenant, text), text, agent,
        IntentLabel.IMPORT, labelledAt);
    try {
      return reader.check(label);
    } catch (InvalidRecordException e) {
      throw new LineException(e.getMessage());
    }
  }

  private static String required(JsonNode node, String name) {
    String value = optional(node, name, null);
    if (value == null) {
      throw new LineException(name + " is missing");
    }
    return value;
  }

  /** The string field {@code name}, or {@code fallback} when it is absent or null. */
  private static String optional(JsonNode node, String name, String fallback) {
    JsonNode field = node.get(name);
    if (field == null || field.isNull()) {
      return fallback;
    }
    if (!field.isTextual()) {
      throw new LineException(name + " must be a string");
    }
    return field.asText();
  }

  private void lines(LineHandler handler) {
    try (BufferedReader in = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
      int number = 0;
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        number++;
        if (!line.isBlank()) {
          handler.line(number, line);
        }
      }
    } catch (MalformedInputException e) {
      throw new UserError(path + " is not UTF-8 text");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + path, e);
    }
  }

  @FunctionalInterface
  private interface LineHandler {
    void line(int number, String line);
  }

  private static final class LineException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    LineException(String message) {
      super(message, null, false, false);
    }
  }
}
