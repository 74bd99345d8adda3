package io.tributary.streams.embedding;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TokenizerWindowTest {

  private static final String TOKENIZER = """
      {"truncation": {"max_length": 128, "strategy": "LongestFirst"},
       "padding": {"strategy": {"Fixed": 128}, "pad_id": 0},
       "model": {"type": "WordPiece"}}
      """;

  @Test
  void shouldSetTruncationAndFixedPaddingToTheNewWindow() throws Exception {
    byte[] resized = TokenizerWindow.resize(TOKENIZER.getBytes(StandardCharsets.UTF_8), 256);

    JsonNode root = new ObjectMapper().readTree(resized);
    assertThat(root.at("/truncation/max_length").asInt()).isEqualTo(256);
    assertThat(root.at("/padding/strategy/Fixed").asInt()).isEqualTo(256);
    assertThat(root.at("/model/type").asText()).isEqualTo("WordPiece");
  }

  @Test
  void shouldLeaveTheShippedWindowUntouched() {
    byte[] original = TOKENIZER.getBytes(StandardCharsets.UTF_8);

    assertThat(TokenizerWindow.resize(original, 128)).isSameAs(original);
  }
}
