package io.tributary.bench.ingest;

import io.tributary.schemas.documents.SubmittedDocument;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A generated corpus of Markdown documents: a heading per section and paragraphs of English-like
 * prose. Seeded, so runs are comparable; every paragraph is different, so no embedding is cached.
 */
final class SyntheticCorpus {

  private static final String[] WORDS = (
      "the a stream of documents arrives on the log and every record carries its key partition offset "
          + "kettle descale vinegar rinse water boil filter limescale monthly weekly store dry clean "
          + "pipeline chunk embed vector model token window overlap heading paragraph section search "
          + "query answer retrieval ranking tenant version replay projection postgres index latency "
          + "throughput broker consumer producer transaction commit exactly once state store changelog")
      .split(" ");

  private SyntheticCorpus() {}

  static List<SubmittedDocument> generate(long seed, int documents, int sections, int paragraphsPerSection) {
    Random random = new Random(seed);
    List<SubmittedDocument> corpus = new ArrayList<>(documents);
    for (int d = 0; d < documents; d++) {
      StringBuilder text = new StringBuilder("# Guide ").append(seed).append('-').append(d).append("\n\n");
      for (int s = 0; s < sections; s++) {
        text.append("## Section ").append(s).append("\n\n");
        for (int p = 0; p < paragraphsPerSection; p++) {
          text.append(paragraph(random)).append("\n\n");
        }
      }
      String id = "bench-" + seed + "-" + d;
      corpus.add(new SubmittedDocument(
          id, "bench", "Guide " + d, "bench", "text/markdown", text.toString(), Map.of(), Instant.now()));
    }
    return corpus;
  }

  /** About 80 words in 5 to 7 sentences: roughly one MiniLM window. */
  private static String paragraph(Random random) {
    StringBuilder paragraph = new StringBuilder();
    int sentences = 5 + random.nextInt(3);
    for (int s = 0; s < sentences; s++) {
      int words = 10 + random.nextInt(8);
      for (int w = 0; w < words; w++) {
        String word = WORDS[random.nextInt(WORDS.length)];
        paragraph.append(w == 0 ? Character.toUpperCase(word.charAt(0)) + word.substring(1) : word);
        paragraph.append(w == words - 1 ? ". " : " ");
      }
    }
    return paragraph.toString().strip();
  }
}
