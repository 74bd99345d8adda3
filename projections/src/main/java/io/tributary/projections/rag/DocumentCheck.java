package io.tributary.projections.rag;

import io.tributary.schemas.documents.DocumentKey;
import io.tributary.schemas.documents.EmbeddedChunk;
import io.tributary.schemas.documents.EmbeddedDocument;
import io.tributary.schemas.errors.ErrorCode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Refuses what Postgres would reject anyway, before any write, with a message naming document,
 * model and dimensions instead of a SQL error.
 */
final class DocumentCheck {

  private DocumentCheck() {}

  /** The decoded vectors of {@code document}'s chunks, in chunk order, once every check passed. */
  static List<float[]> vectorsOf(String key, EmbeddedDocument document) {
    DocumentKey named;
    try {
      named = DocumentKey.of(document);
    } catch (IllegalArgumentException e) {
      throw refuse(document, ErrorCode.SCHEMA_VIOLATION, e.getMessage());
    }
    // A key naming a tenant must name the value's tenant and id; a bare id (written before ADR 16)
    // must be the value's id.
    if (key == null || !(key.equals(named.wire()) || key.equals(document.id()))) {
      throw refuse(document, ErrorCode.TENANT_MISMATCH, "record key '" + key + "' is not " + named.wire());
    }
    if (document.dimensions() != RagTables.EMBEDDING_DIMENSIONS) {
      throw refuse(document, ErrorCode.EMBEDDING_MISMATCH,
          "the read model holds " + RagTables.EMBEDDING_DIMENSIONS + "-dimension vectors");
    }
    Set<Integer> indexes = new HashSet<>();
    List<float[]> vectors = new ArrayList<>(document.chunks().size());
    for (EmbeddedChunk chunk : document.chunks()) {
      if (!indexes.add(chunk.index())) {
        throw refuse(document, ErrorCode.SCHEMA_VIOLATION, "chunk index " + chunk.index() + " appears twice");
      }
      if (chunk.text().indexOf('\0') >= 0) {
        // Postgres text cannot hold NUL; found here rather than as a failed INSERT.
        throw refuse(document, ErrorCode.SCHEMA_VIOLATION, "chunk " + chunk.index() + " text contains NUL");
      }
      float[] vector = decode(document, chunk);
      if (vector.length != document.dimensions()) {
        throw refuse(document, ErrorCode.EMBEDDING_MISMATCH,
            "chunk " + chunk.index() + " has a " + vector.length + "-dimension vector");
      }
      for (float value : vector) {
        if (!Float.isFinite(value)) {
          throw refuse(document, ErrorCode.EMBEDDING_MISMATCH, "chunk " + chunk.index() + " has a non-finite value");
        }
      }
      vectors.add(vector);
    }
    return vectors;
  }

  /**
   * The document a tombstone deletes. Its key must name the tenant: a bare id would name the
   * document of every tenant that uses that id.
   */
  static DocumentKey tombstoneKey(String key) {
    try {
      if (key != null) {
        Optional<DocumentKey> parsed = DocumentKey.parse(key);
        if (parsed.isPresent()) {
          return parsed.get();
        }
      }
    } catch (IllegalArgumentException e) {
      // refused below with the same reason
    }
    throw new RejectedDocumentException(ErrorCode.TENANT_MISMATCH, key,
        "tombstone key '" + key + "' does not name a tenant: it must be <tenant>/<id>");
  }

  private static float[] decode(EmbeddedDocument document, EmbeddedChunk chunk) {
    try {
      return chunk.vector();
    } catch (IllegalArgumentException e) {
      throw refuse(document, ErrorCode.EMBEDDING_MISMATCH,
          "chunk " + chunk.index() + " embedding cannot be decoded: " + e.getMessage());
    }
  }

  private static RejectedDocumentException refuse(EmbeddedDocument document, ErrorCode code, String reason) {
    return new RejectedDocumentException(code, document.id(),
        "document '" + document.id() + "' version " + document.version() + " (model '" + document.model()
            + "', " + document.dimensions() + " dimensions) refused: " + reason);
  }
}
