package io.tributary.streams.chunking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ParagraphChunkerTest {

  private static List<String> texts(List<Chunk> chunks) {
    return chunks.stream().map(Chunk::text).toList();
  }

  @Test
  void shouldReturnNoChunksForTextWithNothingToEmbed() {
    ParagraphChunker chunker = ParagraphChunker.defaults();

    assertThat(chunker.chunk("", TextFormat.PLAIN)).isEmpty();
    assertThat(chunker.chunk("  \n\n \t\r\n", TextFormat.PLAIN)).isEmpty();
    assertThat(chunker.chunk("\u200B\u200B \uFEFF", TextFormat.PLAIN)).isEmpty();
    assertThat(chunker.chunk("# Only a heading\n", TextFormat.MARKDOWN)).isEmpty();
  }

  @Test
  void shouldPackConsecutiveParagraphsUpToTheLimit() {
    String p1 = "a".repeat(38) + ".";
    String p2 = "b".repeat(38) + ".";
    String p3 = "c".repeat(38) + ".";
    String text = p1 + "\n\n" + p2 + "\n\n" + p3 + "\n";

    List<Chunk> chunks = new ParagraphChunker(100, 0).chunk(text, TextFormat.PLAIN);

    assertThat(texts(chunks)).containsExactly(p1 + "\n\n" + p2, p3);
    assertThat(chunks.get(1).charStart()).isEqualTo(text.indexOf(p3));
    assertThat(chunks).extracting(Chunk::index).containsExactly(0, 1);
  }

  @Test
  void shouldSplitAParagraphLargerThanTheLimitAtSentenceBoundaries() {
    String text = "Sentence one is here. Sentence two is here. Sentence three here. Sentence four here.";

    List<Chunk> chunks = new ParagraphChunker(50, 0).chunk(text, TextFormat.PLAIN);

    assertThat(texts(chunks)).containsExactly(
        "Sentence one is here. Sentence two is here.", "Sentence three here. Sentence four here.");
  }

  @Test
  void shouldSplitASentenceLargerThanTheLimitAtWordBoundaries() {
    String text = "alpha beta gamma delta epsilon zeta eta theta";

    List<Chunk> chunks = new ParagraphChunker(20, 0).chunk(text, TextFormat.PLAIN);

    assertThat(texts(chunks)).containsExactly("alpha beta gamma", "delta epsilon zeta", "eta theta");
  }

  @Test
  void shouldCutAWordLongerThanTheLimitWithoutSplittingASurrogatePair() {
    String emoji = "\uD83D\uDE00".repeat(20);

    List<Chunk> chunks = new ParagraphChunker(17, 0).chunk(emoji, TextFormat.PLAIN);

    assertThat(texts(chunks)).containsExactly(
        "\uD83D\uDE00".repeat(8), "\uD83D\uDE00".repeat(8), "\uD83D\uDE00".repeat(4));
  }

  @Test
  void shouldCarryWholeSentencesIntoTheNextChunkWhenTheyFit() {
    String text = "Alpha beta gamma delta. Short tail. Next sentence is rather long here. End.";

    List<Chunk> chunks = new ParagraphChunker(50, 20).chunk(text, TextFormat.PLAIN);

    assertThat(texts(chunks)).containsExactly(
        "Alpha beta gamma delta. Short tail.",
        // "Short tail." fits the 20-character overlap: the whole sentence is carried over.
        "Short tail. Next sentence is rather long here.",
        // The last sentence is longer than the overlap: whole words of it are carried over.
        "is rather long here. End.");
  }

  @Test
  void shouldPreferASentenceStartAndFallBackToAWordStartForTheOverlap() {
    String text = "First short one. Second sentence is here. Third one. Fourth sentence comes now. Fifth.";

    List<Chunk> chunks = new ParagraphChunker(45, 20).chunk(text, TextFormat.PLAIN);

    assertThat(texts(chunks)).containsExactly(
        "First short one. Second sentence is here.",
        "sentence is here. Third one.",
        "Third one. Fourth sentence comes now. Fifth.");
  }

  @Test
  void shouldOverlapWithWholeWordsWhenNoSentenceFits() {
    String text = "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda";

    List<Chunk> chunks = new ParagraphChunker(30, 10).chunk(text, TextFormat.PLAIN);

    assertThat(chunks).hasSizeGreaterThan(1);
    for (int i = 1; i < chunks.size(); i++) {
      Chunk previous = chunks.get(i - 1);
      Chunk next = chunks.get(i);
      String overlap = text.substring(next.charStart(), previous.charEnd());
      assertThat(overlap).isNotEmpty().hasSizeLessThanOrEqualTo(10);
      assertThat(text.charAt(next.charStart() - 1)).isEqualTo(' ');
      assertThat(previous.text()).endsWith(overlap);
    }
  }

  @Test
  void shouldGiveChunksTheMarkdownHeadingsAboveThem() {
    String text = """
        Intro text.

        # Guide

        Guide intro.

        ## Install

        Install steps.

        ### Linux ###

        Linux steps.

        ## Usage

        Usage text.

        ```
        # not a heading
        ```

        # Appendix
        End.
        """;

    List<Chunk> chunks = ParagraphChunker.defaults().chunk(text, TextFormat.MARKDOWN);

    assertThat(texts(chunks)).containsExactly(
        "Intro text.", "Guide intro.", "Install steps.", "Linux steps.",
        "Usage text.\n\n```\n# not a heading\n```", "End.");
    assertThat(chunks).extracting(Chunk::headingPath).containsExactly(
        List.of(),
        List.of("Guide"),
        List.of("Guide", "Install"),
        List.of("Guide", "Install", "Linux"),
        List.of("Guide", "Usage"),
        List.of("Appendix"));
  }

  @Test
  void shouldNotOverlapAcrossAHeading() {
    String text = "# A\n\nFirst section sentence one. Sentence two.\n\n# B\n\nSecond section text.";

    List<Chunk> chunks = new ParagraphChunker(30, 15).chunk(text, TextFormat.MARKDOWN);

    Chunk firstOfB = chunks.stream().filter(c -> c.headingPath().equals(List.of("B"))).findFirst().orElseThrow();
    assertThat(firstOfB.text()).isEqualTo("Second section text.");
  }

  @Test
  void shouldTreatHashLinesAsTextInPlainText() {
    List<Chunk> chunks = ParagraphChunker.defaults().chunk("# Not a heading\n\nBody.", TextFormat.PLAIN);

    assertThat(texts(chunks)).containsExactly("# Not a heading\n\nBody.");
    assertThat(chunks.getFirst().headingPath()).isEmpty();
  }

  @Test
  void shouldHandleCrlfLineEndings() {
    String text = "# Title\r\n\r\nFirst paragraph.\r\n\r\nSecond paragraph.\r\n";

    List<Chunk> chunks = new ParagraphChunker(20, 0).chunk(text, TextFormat.MARKDOWN);

    assertThat(texts(chunks)).containsExactly("First paragraph.", "Second paragraph.");
    assertThat(chunks).allSatisfy(chunk -> {
      assertThat(chunk.headingPath()).containsExactly("Title");
      assertThat(text.substring(chunk.charStart(), chunk.charEnd())).isEqualTo(chunk.text());
    });
  }

  @Test
  void shouldKeepOffsetsExactForNonAsciiText() {
    String text = "Grüße aus Köln. 東京は大きい街です。\n\n\uD83D\uDE00 emoji \u00E9\u0301 combining.\n\nНовый абзац.";

    List<Chunk> chunks = new ParagraphChunker(24, 8).chunk(text, TextFormat.PLAIN);

    assertThat(chunks).isNotEmpty().allSatisfy(chunk ->
        assertThat(text.substring(chunk.charStart(), chunk.charEnd())).isEqualTo(chunk.text()));
    assertThat(String.join("", texts(chunks))).contains("東京", "\uD83D\uDE00", "Новый");
  }

  @Test
  void shouldKeepEveryInvariantOnGeneratedText() {
    Random random = new Random(42);
    for (int round = 0; round < 200; round++) {
      String text = generate(random);
      int max = 16 + random.nextInt(300);
      int overlap = random.nextInt(max / 2 + 1);
      TextFormat format = random.nextBoolean() ? TextFormat.PLAIN : TextFormat.MARKDOWN;

      List<Chunk> chunks = new ParagraphChunker(max, overlap).chunk(text, format);

      assertInvariants(text, format, chunks, max, overlap);
    }
  }

  @Test
  void shouldRejectSettingsThatCannotWork() {
    assertThatThrownBy(() -> new ParagraphChunker(8, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ParagraphChunker(100, 51)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ParagraphChunker(100, -1)).isInstanceOf(IllegalArgumentException.class);
  }

  private static void assertInvariants(String text, TextFormat format, List<Chunk> chunks, int max, int overlap) {
    BitSet covered = new BitSet();
    for (int i = 0; i < chunks.size(); i++) {
      Chunk chunk = chunks.get(i);
      assertThat(chunk.index()).isEqualTo(i);
      assertThat(text.substring(chunk.charStart(), chunk.charEnd())).isEqualTo(chunk.text());
      assertThat(chunk.text().length()).isBetween(1, max);
      assertThat(chunk.text()).isEqualTo(chunk.text().strip());
      covered.set(chunk.charStart(), chunk.charEnd());
      if (i > 0 && chunks.get(i - 1).headingPath().equals(chunk.headingPath())) {
        Chunk previous = chunks.get(i - 1);
        assertThat(chunk.charStart()).isGreaterThan(previous.charStart());
        assertThat(chunk.charEnd()).isGreaterThan(previous.charEnd());
        assertThat(previous.charEnd() - chunk.charStart()).isLessThanOrEqualTo(overlap);
      }
    }
    if (format == TextFormat.PLAIN) {
      // Generated text has nothing a tokenizer drops, so every non-space character is in a chunk.
      for (int i = 0; i < text.length(); i++) {
        if (!Character.isWhitespace(text.charAt(i))) {
          assertThat(covered.get(i)).as("character %d of %s", i, text).isTrue();
        }
      }
    }
  }

  private static String generate(Random random) {
    String[] words = {"lorem", "ipsum", "dolor", "sit", "amet", "Köln", "東京", "\uD83D\uDE00", "x".repeat(40),
        "consectetur", "a", "b2", "end."};
    String[] breaks = {" ", " ", " ", ". ", "! ", "\n", "\n\n", "\r\n\r\n", "\n## Heading\n", "\n# Top\n\n"};
    StringBuilder text = new StringBuilder();
    int length = random.nextInt(120);
    for (int i = 0; i < length; i++) {
      text.append(words[random.nextInt(words.length)]).append(breaks[random.nextInt(breaks.length)]);
    }
    return text.toString();
  }

  @Test
  void shouldReturnChunksInDocumentOrderWithSequentialIndexes() {
    List<String> paragraphs = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      paragraphs.add("Paragraph number " + i + " says something short.");
    }
    String text = String.join("\n\n", paragraphs);

    List<Chunk> chunks = ParagraphChunker.defaults().chunk(text, TextFormat.PLAIN);

    assertThat(chunks).hasSizeGreaterThan(1);
    assertThat(chunks).extracting(Chunk::index).containsExactlyElementsOf(
        java.util.stream.IntStream.range(0, chunks.size()).boxed().toList());
    assertThat(chunks.getLast().text()).endsWith("Paragraph number 29 says something short.");
  }
}
