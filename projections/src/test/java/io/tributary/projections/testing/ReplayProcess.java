package io.tributary.projections.testing;

import io.tributary.projections.db.Database;
import io.tributary.projections.generations.Rebuildable;
import io.tributary.projections.projector.Projection;
import io.tributary.projections.rag.RagGenerations;
import io.tributary.projections.replay.Replay;
import io.tributary.projections.replay.ReplaySettings;
import io.tributary.projections.replay.ReplayStart;
import io.tributary.schemas.documents.EmbeddedDocument;
import io.tributary.schemas.topics.Topic;
import io.tributary.schemas.topics.Topics;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jdbi.v3.core.Handle;

/**
 * A replay in a process of its own, slowed down (small polls, a pause per batch) so a test can kill
 * it with SIGKILL in the middle of its bulk load: {@code ReplayProcess <bootstrap> <jdbc-url> <topic>}.
 */
public final class ReplayProcess {

  private ReplayProcess() {}

  public static void main(String[] args) {
    Topic<String, EmbeddedDocument> topic = new Topic<>(args[2], 3, true, Topics.DOCS_EMBEDDED.maxMessageBytes(),
        Topics.DOCS_EMBEDDED.keySerde(), Topics.DOCS_EMBEDDED.valueSerde());
    Database database = new Database(args[1], 4);
    Replay<String, EmbeddedDocument> replay = new Replay<>(new Slow(new RagGenerations(topic, null)), database.jdbi(),
        new ReplaySettings(args[0], 5, Duration.ofMillis(200), Duration.ofMinutes(10)));
    replay.run(replay.plan(new ReplayStart.FromBeginning()), progress -> System.out.println(progress.describe()));
  }

  /** The rag generations, pausing 40 ms in every batch of the building generation. */
  record Slow(RagGenerations rag) implements Rebuildable<String, EmbeddedDocument> {
    @Override
    public String name() {
      return rag.name();
    }

    @Override
    public Topic<String, EmbeddedDocument> topic() {
      return rag.topic();
    }

    @Override
    public Projection<String, EmbeddedDocument> building(int generation) {
      Projection<String, EmbeddedDocument> fast = rag.building(generation);
      return new Projection<>() {
        @Override
        public String name() {
          return fast.name();
        }

        @Override
        public Topic<String, EmbeddedDocument> topic() {
          return fast.topic();
        }

        @Override
        public void apply(Handle handle, List<ConsumerRecord<String, EmbeddedDocument>> batch) {
          fast.apply(handle, batch);
          try {
            Thread.sleep(40);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
      };
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
  }
}
