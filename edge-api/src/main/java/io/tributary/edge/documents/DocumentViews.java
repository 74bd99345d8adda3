package io.tributary.edge.documents;

import io.tributary.projections.documents.ChunkView;
import io.tributary.projections.documents.DocumentState;
import io.tributary.projections.documents.DocumentSummary;
import java.time.Instant;
import java.util.List;

/** The JSON bodies of the documents routes. */
final class DocumentViews {

  private DocumentViews() {}

  /** 202 answer to a submission or a deletion. */
  record Accepted(String id, String status, String topic, int partition, long offset) {}

  /** One page of documents; {@code nextCursor} is null on the last page. */
  record Page(List<DocumentSummary> documents, String nextCursor, long generation, Instant asOf) {}

  /** One document's indexing status, with what is indexed and why the latest submission failed. */
  record Status(String id, String status, Instant acceptedAt, DocumentSummary document, DocumentState.Failure failure,
      long generation, Instant asOf) {}

  /** The chunks of a document. */
  record Chunks(String documentId, List<ChunkView> chunks, long generation, Instant asOf) {}
}
