package io.tributary.platform.eval;

import io.tributary.ingestion.files.DocumentFileLoader;
import io.tributary.platform.eval.SampleCorpus;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

/** Opens an evaluation set and its corpus: files, or the sample shipped in the jar. */
public final class EvalSets {

  /** The questions about the shipped sample corpus. */
  public static final String SAMPLE = "classpath:eval/sample-questions.jsonl";
  /** The tenant an in-process evaluation loads its corpus as. */
  static final String TENANT = "eval";

  private EvalSets() {}

  /** The questions at {@code location} (a path, or {@code classpath:<resource>}). */
  public static List<EvalQuestion> questions(String location) {
    try (BufferedReader in = new BufferedReader(new InputStreamReader(open(location), StandardCharsets.UTF_8))) {
      return EvalQuestions.read(in, location);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + location, e);
    }
  }

  /**
   * The corpus of a set: {@code corpus} when given, else the sample for {@link #SAMPLE}, else the
   * directory {@code corpus/} beside the questions file.
   */
  public static List<CorpusDocument> corpus(String questions, Path corpus) {
    DocumentFileLoader loader = new DocumentFileLoader(TENANT, Clock.systemUTC());
    if (corpus == null && SAMPLE.equals(questions)) {
      return SampleCorpus.load(loader).stream().map(CorpusDocument::of).toList();
    }
    Path root = corpus != null ? corpus : Path.of(questions).toAbsolutePath().resolveSibling("corpus");
    if (!Files.isDirectory(root)) {
      throw new IllegalStateException(root + ": no corpus directory (give one with --corpus)");
    }
    try {
      return loader.loadAll(root).stream().map(CorpusDocument::of).toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the corpus " + root, e);
    }
  }

  private static InputStream open(String location) throws IOException {
    if (location.startsWith("classpath:")) {
      InputStream in = EvalSets.class.getResourceAsStream("/" + location.substring("classpath:".length()));
      if (in == null) {
        throw new IllegalStateException("no resource " + location + " in the jar");
      }
      return in;
    }
    Path path = Path.of(location);
    if (!Files.isRegularFile(path)) {
      throw new IllegalStateException(location + ": no such file");
    }
    return Files.newInputStream(path);
  }
}
