package io.tributary.streams.chunking;

import io.tributary.embedding.SpanMeasure;
import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.streams.embedding.OnnxEmbedder;
import io.tributary.streams.embedding.MiniLmExtension;
import java.util.BitSet;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Chunk limits in the model's own tokens: no chunk is ever longer than MiniLM reads, nothing is dropped. */
@ExtendWith(MiniLmExtension.class)
class ModelTokenLimitTest {

  private static final List<String> TEXTS = List.of(
      prose(new Random(1), 900),
      "Überraschung: Ärzte & Öffnungszeiten — façade, naïve, coöperate. ".repeat(60),
      "Emoji 😀 and friends 🎉🎉 mixed with words 👩‍💻 and more text. ".repeat(50),
      "東京は日本の首都です。大阪は商業の中心地です。".repeat(40),
      "see https://example.com/" + "a1b2c3d4".repeat(200) + " for details",
      "QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo" .repeat(80));

  @Test
  void shouldKeepEveryParagraphChunkInsideTheModelWindow(OnnxEmbedder model) {
    ChunkingPolicy policy = ChunkingPolicy.fillingWindow(model);

    for (String text : TEXTS) {
      for (ChunkingStrategy strategy : ChunkingStrategy.values()) {
        List<Chunk> chunks = policy.chunk(text, TextFormat.PLAIN, strategy);

        assertThat(chunks).as("%s chunks", strategy).isNotEmpty();
        for (Chunk chunk : chunks) {
          assertThat(model.tokenCount(chunk.text()))
              .as("%s chunk %d of a %d-char text", strategy, chunk.index(), text.length())
              .isLessThanOrEqualTo(OnnxEmbedder.DEFAULT_WINDOW_TOKENS);
          assertThat(text.substring(chunk.charStart(), chunk.charEnd())).isEqualTo(chunk.text());
        }
        assertThat(uncovered(text, chunks)).as("%s leaves no text out", strategy).isEmpty();
      }
    }
  }

  @Test
  void shouldSplitTextBeyondTheWindowInsteadOfTruncatingIt(OnnxEmbedder model) {
    String text = prose(new Random(7), 600).replace("\n\n", "");
    assertThat(model.tokenCount(text)).isGreaterThan(3 * OnnxEmbedder.DEFAULT_WINDOW_TOKENS);

    List<Chunk> chunks = ChunkingPolicy.fillingWindow(model).chunk(text, TextFormat.PLAIN, ChunkingStrategy.PARAGRAPH);

    assertThat(chunks.size()).isGreaterThanOrEqualTo(4);
    // Packing fills the window: chunks are not needlessly small.
    assertThat(model.tokenCount(chunks.getFirst().text())).isGreaterThan(OnnxEmbedder.DEFAULT_WINDOW_TOKENS * 3 / 4);
  }

  @Test
  void shouldMeasureSpansAsTheTokenizerCountsThem(OnnxEmbedder model) {
    String text = "The kettle's façade: descale it monthly! 😀 Then rinse twice.";
    SpanMeasure measure = model.measure(text);

    assertThat(measure.size(0, text.length())).isEqualTo(model.tokenCount(text));
    int word = text.indexOf("descale");
    assertThat(measure.size(word, word + "descale it monthly!".length()))
        .isEqualTo(model.tokenCount("descale it monthly!"));
    assertThat(measure.size(5, 5)).isEqualTo(2);
  }

  private static String uncovered(String text, List<Chunk> chunks) {
    BitSet covered = new BitSet(text.length());
    chunks.forEach(c -> covered.set(c.charStart(), c.charEnd()));
    StringBuilder missing = new StringBuilder();
    for (int i = 0; i < text.length(); i++) {
      if (!covered.get(i) && !Character.isWhitespace(text.charAt(i))) {
        missing.append(text.charAt(i));
      }
    }
    return missing.toString();
  }

  static String prose(Random random, int words) {
    String[] vocabulary = {"the", "pipeline", "embeds", "documents", "quickly", "and", "retrieval", "quality",
        "depends", "on", "structure", "chunks", "keep", "headings", "tokenizer", "window", "overlap", "model"};
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < words; i++) {
      text.append(vocabulary[random.nextInt(vocabulary.length)]);
      text.append(i % 12 == 11 ? ". " : " ");
      if (i % 60 == 59) {
        text.append("\n\n");
      }
    }
    return text.toString();
  }
}
