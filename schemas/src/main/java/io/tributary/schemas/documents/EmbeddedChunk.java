package io.tributary.schemas.documents;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * One chunk of a document version with its provenance and its embedding.
 *
 * @param index position of the chunk in the document, from 0
 * @param headingPath headings above the chunk, outermost first; empty when the text has none
 * @param charStart offset of the first character of the chunk in the document's text (for HTML
 *     and PDF: in the text extracted from it)
 * @param charEnd offset one past the last character of the chunk in that text
 * @param embedding float32 little-endian vector, base64 encoded (see {@link VectorCodec})
 * @param documentId id of the document the chunk belongs to; {@code null} on records written
 *     before chunks carried it
 * @param version document version the chunk belongs to; {@code null} likewise
 * @param total number of chunks of that version; {@code null} likewise
 * @param page 1-based page of a paged source (PDF); {@code null} otherwise
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EmbeddedChunk(
    int index,
    String text,
    List<String> headingPath,
    int charStart,
    int charEnd,
    String embedding,
    String documentId,
    Long version,
    Integer total,
    Integer page) {

  public EmbeddedChunk {
    requireNonNull(text, "text");
    requireNonNull(embedding, "embedding");
    headingPath = headingPath == null ? List.of() : List.copyOf(headingPath);
    if (charStart < 0 || charEnd < charStart) {
      throw new IllegalArgumentException(
          "chunk " + index + " has invalid offsets [" + charStart + ", " + charEnd + ")");
    }
  }

  /** A chunk without document coordinates or page (the shape before they were added). */
  public EmbeddedChunk(int index, String text, List<String> headingPath, int charStart, int charEnd, String embedding) {
    this(index, text, headingPath, charStart, charEnd, embedding, null, null, null, null);
  }

  /** The decoded embedding. */
  public float[] vector() {
    return VectorCodec.decode(embedding);
  }
}
