package io.tributary.streams.chunking;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * One chunk of a source text: a contiguous span, so that
 * {@code source.substring(charStart, charEnd).equals(text)} always holds.
 *
 * @param index position of the chunk in the document, from 0
 * @param headingPath headings above the chunk, outermost first; empty when there are none
 * @param charStart offset (UTF-16 code units, as {@link String}) of the first character
 * @param charEnd offset one past the last character
 */
public record Chunk(int index, String text, List<String> headingPath, int charStart, int charEnd) {

  public Chunk {
    requireNonNull(text, "text");
    headingPath = List.copyOf(requireNonNull(headingPath, "headingPath"));
    if (index < 0) {
      throw new IllegalArgumentException("index must be >= 0, was " + index);
    }
    if (charStart < 0 || charEnd - charStart != text.length()) {
      throw new IllegalArgumentException(
          "chunk " + index + " has offsets [" + charStart + ", " + charEnd + ") for a text of "
              + text.length() + " characters");
    }
  }
}
