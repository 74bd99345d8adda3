package io.tributary.projections.testing;

import io.tributary.projections.generations.Rebuildable;
import io.tributary.projections.projector.Projection;
import io.tributary.projections.rag.RagGenerations;
import io.tributary.schemas.documents.EmbeddedDocument;
import io.tributary.schemas.topics.Topic;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jdbi.v3.core.Handle;

/** The rag generations with every call forwarded; tests override the step they disturb. */
public class ForwardingRebuildable implements Rebuildable<String, EmbeddedDocument> {

  private final RagGenerations rag;

  public ForwardingRebuildable(RagGenerations rag) {
    this.rag = rag;
  }

  @Override
  public String name() {
    return rag.name();
  }

  @Override
  public Topic<String, EmbeddedDocument> topic() {
    return rag.topic();
  }

  @Override
  public String profile() {
    return rag.profile();
  }

  @Override
  public Projection<String, EmbeddedDocument> building(int generation) {
    return rag.building(generation);
  }

  @Override
  public void create(Handle handle, int generation, int liveGeneration) {
    rag.create(handle, generation, liveGeneration);
  }

  @Override
  public List<String> indexStatements(Handle handle, int generation, int liveGeneration) {
    return rag.indexStatements(handle, generation, liveGeneration);
  }

  @Override
  public void makeLive(Handle handle, int generation) {
    rag.makeLive(handle, generation);
  }

  @Override
  public void drop(Handle handle, int generation) {
    rag.drop(handle, generation);
  }

  @Override
  public int stopOrphanIndexBuilds(Handle handle, int generation) {
    return rag.stopOrphanIndexBuilds(handle, generation);
  }

  /** {@code projection} pausing {@code millis} after every batch: a build slow enough to be killed mid-load. */
  public static Projection<String, EmbeddedDocument> slowed(Projection<String, EmbeddedDocument> projection,
      long millis) {
    return new Projection<>() {
      @Override
      public String name() {
        return projection.name();
      }

      @Override
      public Topic<String, EmbeddedDocument> topic() {
        return projection.topic();
      }

      @Override
      public void apply(Handle handle, List<ConsumerRecord<String, EmbeddedDocument>> batch) {
        projection.apply(handle, batch);
        try {
          Thread.sleep(millis);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    };
  }
}
