package io.tributary.streams.embedding;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.schemas.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Sets the truncation length of a Hugging Face {@code tokenizer.json}: the shipped MiniLM tokenizer
 * cuts every text at 128 tokens, and the window is a setting.
 */
final class TokenizerWindow {

  private TokenizerWindow() {}

  /** {@code tokenizerJson} with its truncation at {@code maxTokens} (special tokens included). */
  static byte[] truncatingAt(byte[] tokenizerJson, int maxTokens) {
    try {
      JsonNode root = Json.mapper().readTree(tokenizerJson);
      if (!(root.get("truncation") instanceof ObjectNode truncation)) {
        throw new IllegalStateException("the tokenizer has no truncation section to set the window in");
      }
      truncation.put("max_length", maxTokens);
      return Json.mapper().writeValueAsBytes(root);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the tokenizer configuration", e);
    }
  }
}
