package io.tributary.schemas.topics;

import io.tributary.schemas.documents.EmbeddedDocument;
import io.tributary.schemas.documents.SubmittedDocument;
import io.tributary.schemas.json.JsonSerde;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;

/** The v1 topic catalogue: every topic Tributary reads or writes is declared here, once. */
public final class Topics {

  /** Partitions for the document topics: a small default that still lets two instances share work. */
  public static final int DOCUMENT_PARTITIONS = 3;

  /** One document version with all its chunks and vectors can be large: allow 16 MiB. */
  public static final int EMBEDDED_MAX_MESSAGE_BYTES = 16 * 1024 * 1024;

  /** Submitted documents may carry the text of a large file: allow 8 MiB. */
  public static final int SUBMITTED_MAX_MESSAGE_BYTES = 8 * 1024 * 1024;

  /** Documents as submitted by the API, the CLI or any other producer; key = document id. */
  public static final Topic<String, SubmittedDocument> DOCS_SUBMITTED =
      new Topic<>(
          "docs.submitted.v1",
          DOCUMENT_PARTITIONS,
          true,
          SUBMITTED_MAX_MESSAGE_BYTES,
          Serdes.String(),
          JsonSerde.of(SubmittedDocument.class));

  /** One document version chunked and embedded; key = document id. */
  public static final Topic<String, EmbeddedDocument> DOCS_EMBEDDED =
      new Topic<>(
          "docs.embedded.v1",
          DOCUMENT_PARTITIONS,
          true,
          EMBEDDED_MAX_MESSAGE_BYTES,
          Serdes.String(),
          JsonSerde.of(EmbeddedDocument.class));

  /** Records of {@link #DOCS_SUBMITTED} the pipeline could not process, with reasons in headers. */
  public static final Topic<byte[], byte[]> DOCS_SUBMITTED_DLQ = DOCS_SUBMITTED.deadLetters();

  /** Records of {@link #DOCS_EMBEDDED} a projection could not hold, with reasons in headers. */
  public static final Topic<byte[], byte[]> DOCS_EMBEDDED_DLQ = DOCS_EMBEDDED.deadLetters();

  private Topics() {}

  /** Every topic of the catalogue, in creation order. */
  public static List<Topic<?, ?>> all() {
    return List.of(DOCS_SUBMITTED, DOCS_EMBEDDED, DOCS_SUBMITTED_DLQ, DOCS_EMBEDDED_DLQ);
  }
}
