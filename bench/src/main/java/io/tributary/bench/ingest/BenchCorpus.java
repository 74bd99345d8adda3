package io.tributary.bench.ingest;

import io.tributary.ingestion.files.DocumentFileLoader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jsoup.Jsoup;

/**
 * The files of a real corpus, with the word count of their text (HTML without its markup), counted
 * once so that both sides of a comparison are credited with the same words.
 *
 * @param root the folder the files were found in
 * @param files the files, in path order
 * @param words words of their text, split on whitespace
 */
record BenchCorpus(Path root, List<Path> files, long words) {

  /** Every readable file under {@code root}, or about {@code sample} of them (every n-th) when positive. */
  static BenchCorpus load(Path root, int sample) throws IOException {
    if (!Files.isDirectory(root)) {
      throw new IllegalStateException("corpus folder " + root + " does not exist; install a documentation package "
          + "(apt-get install postgresql-doc-15) or pass --corpus");
    }
    List<Path> all = new DocumentFileLoader("bench", java.time.Clock.systemUTC()).discover(root);
    List<Path> chosen = new ArrayList<>();
    int step = sample <= 0 || sample >= all.size() ? 1 : all.size() / sample;
    for (int i = 0; i < all.size(); i += step) {
      chosen.add(all.get(i));
    }
    long words = 0;
    for (Path file : chosen) {
      words += words(text(file));
    }
    return new BenchCorpus(root, List.copyOf(chosen), words);
  }

  /** The text a reader sees: HTML without markup, other files as they are. */
  static String text(Path file) throws IOException {
    String raw = Files.readString(file, StandardCharsets.UTF_8);
    String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
    return name.endsWith(".html") || name.endsWith(".htm") ? Jsoup.parse(raw).text() : raw;
  }

  static long words(String text) {
    long count = 0;
    boolean inWord = false;
    for (int i = 0; i < text.length(); i++) {
      boolean space = Character.isWhitespace(text.charAt(i));
      if (!space && !inWord) {
        count++;
      }
      inWord = !space;
    }
    return count;
  }
}
