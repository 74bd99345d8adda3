package io.tributary.streams.embedding;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Rewrites a Hugging Face {@code tokenizer.json} so that it truncates (and pads) at another length. */
final class TokenizerWindow {

  private static final ObjectMapper JSON = new ObjectMapper();

  private TokenizerWindow() {}

  /** {@code tokenizerJson} with truncation {@code max_length} and any fixed padding set to {@code tokens}. */
  static byte[] resize(byte[] tokenizerJson, int tokens) {
    try {
      ObjectNode root = (ObjectNode) JSON.readTree(tokenizerJson);
      if (root.get("truncation") instanceof ObjectNode truncation) {
        if (truncation.path("max_length").asInt() == tokens) {
          return tokenizerJson;
        }
        truncation.put("max_length", tokens);
      }
      // A fixed padding length shorter than the window would cut nothing but pad wrongly; keep them equal.
      if (root.get("padding") instanceof ObjectNode padding && padding.get("strategy") instanceof ObjectNode strategy
          && strategy.has("Fixed")) {
        strategy.put("Fixed", tokens);
      }
      return JSON.writeValueAsBytes(root);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the tokenizer configuration", e);
    }
  }
}
