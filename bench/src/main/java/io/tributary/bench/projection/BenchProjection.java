package io.tributary.bench.projection;

import io.tributary.projections.projector.Projection;
import io.tributary.projections.rag.RagProjection;
import io.tributary.schemas.documents.EmbeddedDocument;
import io.tributary.schemas.topics.Topic;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jdbi.v3.core.Handle;

/** The rag projection reading the bench's own topic. */
record BenchProjection(RagProjection rag, Topic<String, EmbeddedDocument> topic)
    implements Projection<String, EmbeddedDocument> {

  @Override
  public String name() {
    return rag.name();
  }

  @Override
  public void apply(Handle handle, List<ConsumerRecord<String, EmbeddedDocument>> batch) {
    rag.apply(handle, batch);
  }
}
