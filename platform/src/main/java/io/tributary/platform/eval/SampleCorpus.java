package io.tributary.platform.eval;

import io.tributary.ingestion.files.DocumentFileLoader;
import io.tributary.schemas.documents.SubmittedDocument;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The small Markdown corpus shipped in the jar, ingested by dev mode so search works at once. */
public final class SampleCorpus {

  private static final String FOLDER = "/sample-corpus/";

  private SampleCorpus() {}

  /** The corpus as documents of {@code loader}'s tenant; ids are stable across runs. */
  public static List<SubmittedDocument> load(DocumentFileLoader loader) {
    List<SubmittedDocument> documents = new ArrayList<>();
    for (String name : read("index.txt").lines().map(String::strip).filter(l -> !l.isEmpty()).toList()) {
      documents.add(loader.fromText("sample:" + name, name, "text/markdown", read(name)));
    }
    return documents;
  }

  private static String read(String name) {
    try (InputStream in = SampleCorpus.class.getResourceAsStream(FOLDER + name)) {
      if (in == null) {
        throw new IllegalStateException("sample corpus file missing from the jar: " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
