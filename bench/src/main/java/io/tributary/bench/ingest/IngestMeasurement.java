package io.tributary.bench.ingest;

import java.util.Locale;

/**
 * One side of an ingest comparison.
 *
 * @param words words of the corpus text (the same count for both sides)
 * @param chunks chunks (segments) embedded and stored
 * @param tokens MiniLM word pieces of the texts embedded, counted after the run; 0 when not counted
 * @param complete whether every document was ingested
 */
record IngestMeasurement(String name, int documents, long words, long chunks, long tokens, double seconds,
    boolean complete, String note) {

  double wordsPerSecond() {
    return words / seconds;
  }

  double chunksPerSecond() {
    return chunks / seconds;
  }

  String describe() {
    String embedded = tokens == 0 ? "" : String.format(Locale.ROOT, ", %,d tokens (%.0f per chunk, %,.0f tokens/s)",
        tokens, (double) tokens / chunks, tokens / seconds);
    return String.format(Locale.ROOT, "%-10s %5d documents, %,9d words, %,7d chunks in %7.1f s = %,8.0f words/s, "
        + "%6.1f chunks/s%s (%s)", name, documents, words, chunks, seconds, wordsPerSecond(), chunksPerSecond(),
        embedded, note);
  }
}
