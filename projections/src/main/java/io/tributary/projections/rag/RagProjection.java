package io.tributary.projections.rag;

import io.tributary.projections.projector.Projection;
import io.tributary.schemas.documents.DocumentKey;
import io.tributary.schemas.documents.EmbeddedDocument;
import io.tributary.schemas.topics.Topic;
import io.tributary.schemas.topics.Topics;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.Objects;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Projects {@code docs.embedded.v1} into the documents and chunks tables of one rag generation
 * (the live one, or one a replay builds; readers see the live one as {@code rag.documents} and
 * {@code rag.chunks}): newer
 * versions replace a document and all its chunks, older or repeated ones change nothing, and a
 * tombstone deletes the document with its chunks. A document is its tenant and id (ADR 16): no
 * record of one tenant reaches a row of another.
 */
public final class RagProjection implements Projection<String, EmbeddedDocument> {

  /** The projection's name: keys its stored offsets and its consumer group. */
  public static final String NAME = "rag";

  private static final Logger LOG = LoggerFactory.getLogger(RagProjection.class);

  private final String name;
  private final RagTarget target;
  private final Topic<String, EmbeddedDocument> topic;

  /** The live projection of {@code docs.embedded.v1}: writes the live generation, keyed by {@link #NAME}. */
  public RagProjection() {
    this(Topics.DOCS_EMBEDDED);
  }

  /** The live projection of {@code topic} (after a roll, a profile's topic): writes the live generation. */
  public RagProjection(Topic<String, EmbeddedDocument> topic) {
    this(NAME, new RagTarget.Live(topic.name()), topic);
  }

  /** A projection named {@code name} (it keys offsets and dead letters) writing {@code docs.embedded.v1} into {@code target}. */
  public RagProjection(String name, RagTarget target) {
    this(name, target, Topics.DOCS_EMBEDDED);
  }

  /** A projection named {@code name} writing {@code topic} into {@code target}. */
  public RagProjection(String name, RagTarget target, Topic<String, EmbeddedDocument> topic) {
    this.name = Objects.requireNonNull(name, "name");
    this.target = Objects.requireNonNull(target, "target");
    this.topic = Objects.requireNonNull(topic, "topic");
  }

  /** The projection that builds generation {@code generation} from {@code topic}; its offsets are its own. */
  public static RagProjection building(RagGenerationSchema generation, Topic<String, EmbeddedDocument> topic) {
    return new RagProjection(NAME + "@g" + generation.generation(), new RagTarget.Fixed(generation), topic);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Topic<String, EmbeddedDocument> topic() {
    return topic;
  }

  /**
   * Applies the records in order.
   *
   * @throws RejectedDocumentException for a record the read model cannot hold (wrong dimensions,
   *     vector lengths, key); the whole batch rolls back
   */
  @Override
  public void apply(Handle handle, List<ConsumerRecord<String, EmbeddedDocument>> batch) {
    // One path for every batch size: the projector's one-record retries (to isolate a bad record)
    // write exactly as full batches do.
    applyAsFold(handle, target.schema(handle), batch);
  }

  /** Checks every record first, then writes the batch's net effect with a few set-based statements. */
  private static void applyAsFold(
      Handle handle, RagGenerationSchema schema, List<ConsumerRecord<String, EmbeddedDocument>> batch) {
    List<BatchFold.Versioned> records = new ArrayList<>(batch.size());
    Set<DocumentKey> ids = new LinkedHashSet<>();
    for (ConsumerRecord<String, EmbeddedDocument> record : batch) {
      BatchFold.Versioned versioned;
      if (record.value() == null) {
        versioned = new BatchFold.Versioned(DocumentCheck.tombstoneKey(record.key()), null, null);
      } else {
        List<float[]> vectors = DocumentCheck.vectorsOf(record.key(), record.value());
        versioned = new BatchFold.Versioned(DocumentKey.of(record.value()), record.value(), vectors);
      }
      records.add(versioned);
      ids.add(versioned.id());
    }
    BatchFold fold = BatchFold.of(records, DocumentRows.storedVersions(handle, schema, ids));
    DocumentRows.apply(handle, schema, fold);
    LOG.debug("rag: batch of {} records: {} documents removed or replaced, {} written",
        batch.size(), fold.removed().size(), fold.inserted().size());
  }
}
