package io.tributary.projections.testing;

import io.tributary.projections.projector.Projection;
import io.tributary.projections.rag.RagProjection;
import io.tributary.schemas.documents.EmbeddedDocument;
import io.tributary.schemas.topics.Topic;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jdbi.v3.core.Handle;

/** The rag projection under another name and topic, so a test has offsets, a group and dead letters of its own. */
public record RenamedRag(RagProjection rag, String name, Topic<String, EmbeddedDocument> topic)
    implements Projection<String, EmbeddedDocument> {

  @Override
  public void apply(Handle handle, List<ConsumerRecord<String, EmbeddedDocument>> batch) {
    rag.apply(handle, batch);
  }
}
