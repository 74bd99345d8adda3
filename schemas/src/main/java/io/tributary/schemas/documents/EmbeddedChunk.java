package io.tributary.schemas.documents;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * One chunk of a document version with its provenance and its embedding.
 *
 * @param index position of the chunk in the document, from 0
 * @param headingPath headings above the chunk, outermost first; empty when the text has none
 * @param charStart offset of the first character of the chunk in the submitted text
 * @param charEnd offset one past the last character of the chunk in the submitted text
 * @param embedding float32 little-endian vector, base64 encoded (see {@link VectorCodec})
 */
public record EmbeddedChunk(
    int index,
    String text,
    List<String> headingPath,
    int charStart,
    int charEnd,
    String embedding) {

  public EmbeddedChunk {
    requireNonNull(text, "text");
    requireNonNull(embedding, "embedding");
    headingPath = headingPath == null ? List.of() : List.copyOf(headingPath);
    if (charStart < 0 || charEnd < charStart) {
      throw new IllegalArgumentException(
          "chunk " + index + " has invalid offsets [" + charStart + ", " + charEnd + ")");
    }
  }

  /** The decoded embedding. */
  public float[] vector() {
    return VectorCodec.decode(embedding);
  }
}
