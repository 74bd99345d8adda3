package io.tributary.projections.rag;

import io.tributary.schemas.documents.DocumentKey;
import io.tributary.schemas.documents.EmbeddedDocument;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The net effect of a batch of rag records on the stored documents, computed in memory: applying
 * it (delete {@link #removed()}, insert {@link #inserted()}) leaves the same rows as applying the
 * records one by one (newer versions replace, older or equal ones change nothing, tombstones
 * delete), with a handful of statements instead of three per document.
 *
 * @param removed documents (tenant and id) whose stored row (and chunks) must go: deleted or replaced
 * @param inserted the document versions to insert, each with its chunk vectors, at most one per key
 */
record BatchFold(Set<DocumentKey> removed, List<Versioned> inserted) {

  /** One record of the batch: a document with its checked vectors, or a tombstone ({@code document == null}). */
  record Versioned(DocumentKey id, EmbeddedDocument document, List<float[]> vectors) {}

  /**
   * Folds {@code records} (in log order) over the {@code stored} versions of their ids.
   *
   * @param stored version per document stored now; documents absent here have no row
   */
  static BatchFold of(List<Versioned> records, Map<DocumentKey, Long> stored) {
    // Per id: the version the fold has reached (null = no row) and the record that put it there.
    Map<DocumentKey, Long> current = new HashMap<>(stored);
    Map<DocumentKey, Versioned> last = new LinkedHashMap<>();
    Set<DocumentKey> touched = new LinkedHashSet<>();
    for (Versioned record : records) {
      Long version = current.get(record.id());
      if (record.document() == null) {
        if (version != null) {
          current.remove(record.id());
          last.remove(record.id());
          touched.add(record.id());
        }
      } else if (version == null || version < record.document().version()) {
        current.put(record.id(), record.document().version());
        last.put(record.id(), record);
        touched.add(record.id());
      }
    }
    Set<DocumentKey> removed = new LinkedHashSet<>();
    for (DocumentKey id : touched) {
      if (stored.containsKey(id)) {
        removed.add(id);
      }
    }
    return new BatchFold(removed, new ArrayList<>(last.values()));
  }
}
