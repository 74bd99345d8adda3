package io.tributary.platform.cli.sources;

import io.tributary.platform.UserError;
import io.tributary.schemas.agents.AgentCatalogue;
import io.tributary.schemas.agents.AgentCatalogueFile;
import io.tributary.streams.intents.eval.LabelledUtterance;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/** Opens the files the routing commands take: a path, or {@code classpath:<resource>} for the shipped ones. */
public final class LabelledFiles {

  /** The shipped tune half of the labelled set. */
  public static final String SAMPLE_TUNE = "classpath:agents/labelled/intents-tune.jsonl";
  /** The shipped test half of the labelled set. */
  public static final String SAMPLE_TEST = "classpath:agents/labelled/intents-test.jsonl";

  private LabelledFiles() {}

  public static List<LabelledUtterance> utterances(String location) {
    try (BufferedReader in = new BufferedReader(new InputStreamReader(open(location), StandardCharsets.UTF_8))) {
      return LabelledUtterance.readJsonLines(in, location);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + location, e);
    }
  }

  /** The catalogue at {@code location}, or the shipped sample when {@code location} is null. */
  public static AgentCatalogue catalogue(String location) {
    if (location == null) {
      return AgentCatalogueFile.sample(Instant.now());
    }
    try (InputStream in = open(location)) {
      return AgentCatalogueFile.read(in, Instant.now(), location);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + location, e);
    }
  }

  private static InputStream open(String location) throws IOException {
    if (location.startsWith("classpath:")) {
      String resource = "/" + location.substring("classpath:".length());
      InputStream in = LabelledFiles.class.getResourceAsStream(resource);
      if (in == null) {
        throw new IllegalStateException("no resource " + resource + " in the jar");
      }
      return in;
    }
    Path path = Path.of(location);
    if (!Files.isRegularFile(path)) {
      throw new UserError(location + ": no such file");
    }
    return Files.newInputStream(path);
  }
}
