package io.tributary.platform.fault;

import io.tributary.schemas.documents.DocumentKey;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;

/** The rag read model as the test sees it (the live generation's views), and how it differs from the oracle. */
final class ReadModel {

  /** A document row with what its chunk rows add up to. */
  record Row(long version, int chunkCount, int chunkRows, int distinctIndexes, int maxIndex, String text) {}

  private ReadModel() {}

  static Map<DocumentKey, Row> read(Jdbi jdbi) {
    Map<DocumentKey, Row> rows = new HashMap<>();
    jdbi.useHandle(h -> h.createQuery("""
            SELECT d.tenant, d.document_id, d.version, d.chunk_count,
                   count(c.chunk_index) AS chunk_rows, count(DISTINCT c.chunk_index) AS distinct_indexes,
                   coalesce(max(c.chunk_index), -1) AS max_index,
                   coalesce(string_agg(c.text, ' ' ORDER BY c.chunk_index), '') AS text
            FROM rag.documents d
            LEFT JOIN rag.chunks c ON c.tenant = d.tenant AND c.document_id = d.document_id
            GROUP BY d.tenant, d.document_id, d.version, d.chunk_count""")
        .map((rs, ctx) -> Map.entry(new DocumentKey(rs.getString("tenant"), rs.getString("document_id")),
            new Row(rs.getLong("version"), rs.getInt("chunk_count"), rs.getInt("chunk_rows"),
                rs.getInt("distinct_indexes"), rs.getInt("max_index"), rs.getString("text"))))
        .forEach(e -> rows.put(e.getKey(), e.getValue())));
    return rows;
  }

  /**
   * Every way {@code rows} differ from {@code oracle}: a live document missing (lost), at another
   * version or showing another revision's text (stale), with chunk rows that are not exactly
   * 0..chunk_count-1 (duplicated or lost chunks), or a row the oracle does not have (deleted).
   */
  static List<String> differences(DocumentOracle oracle, Map<DocumentKey, Row> rows) {
    List<String> differences = new ArrayList<>();
    oracle.live().forEach((key, expected) -> {
      Row row = rows.get(key);
      if (row == null) {
        differences.add("lost " + key.wire() + " v" + expected.version());
      } else if (row.version() != expected.version()) {
        differences.add("stale " + key.wire() + ": v" + row.version() + " instead of v" + expected.version());
      } else if (row.chunkCount() < 1 || row.chunkRows() != row.chunkCount()
          || row.distinctIndexes() != row.chunkRows() || row.maxIndex() != row.chunkRows() - 1) {
        differences.add("chunks of " + key.wire() + ": " + row);
      } else if (!row.text().contains(DocumentLoad.marker(expected.text()))) {
        differences.add("stale text of " + key.wire() + ": expected " + DocumentLoad.marker(expected.text()));
      }
    });
    rows.keySet().stream().filter(key -> !oracle.live().containsKey(key))
        .forEach(key -> differences.add("not deleted " + key.wire()));
    return differences;
  }
}
