package io.tributary.platform.fault;

import io.tributary.schemas.documents.DocumentKey;
import io.tributary.schemas.documents.SubmittedDocument;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the pipeline and the rag projection must make of docs.submitted.v1, folded from the topic
 * itself in log order per key: a document's version rises by one with each submission whose
 * title or text differs from the last one kept, stays put for a repeat, and starts again at 1
 * after a tombstone. Also the exact sequence of versions (0 for a tombstone) docs.embedded.v1
 * must hold per key: once each, in order, nothing else.
 */
final class DocumentOracle {

  /** The version a live document must have in the read model, and the text it must show. */
  record Expected(long version, String text) {}

  /** Version number standing for a tombstone in {@link #embeddedSequences()}. */
  static final long TOMBSTONE = 0;

  private final Map<DocumentKey, Expected> live = new HashMap<>();
  private final Map<DocumentKey, SubmittedDocument> lastKept = new HashMap<>();
  private final Map<DocumentKey, List<Long>> sequences = new HashMap<>();
  private int records;

  /** Folds one record of docs.submitted.v1 (key as on the wire, value null for a tombstone). */
  void fold(String wireKey, SubmittedDocument value) {
    records++;
    DocumentKey key = value == null
        ? DocumentKey.parse(wireKey).orElseThrow()
        : DocumentKey.of(value);
    List<Long> sequence = sequences.computeIfAbsent(key, k -> new ArrayList<>());
    if (value == null) {
      live.remove(key);
      lastKept.remove(key);
      sequence.add(TOMBSTONE);
      return;
    }
    SubmittedDocument last = lastKept.get(key);
    if (last != null && last.title().equals(value.title()) && Objects.equals(last.text(), value.text())) {
      return;
    }
    long version = live.containsKey(key) ? live.get(key).version() + 1 : 1;
    live.put(key, new Expected(version, value.text()));
    lastKept.put(key, value);
    sequence.add(version);
  }

  /** Live documents: tenant and id → version and text. Deleted ones are absent. */
  Map<DocumentKey, Expected> live() {
    return Map.copyOf(live);
  }

  /** Keys whose last record is a tombstone. */
  List<DocumentKey> deleted() {
    return sequences.keySet().stream().filter(key -> !live.containsKey(key)).toList();
  }

  /** Per key, the versions docs.embedded.v1 must carry, in order. */
  Map<DocumentKey, List<Long>> embeddedSequences() {
    return Map.copyOf(sequences);
  }

  int records() {
    return records;
  }
}
