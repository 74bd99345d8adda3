package io.tributary.projections.testing;

import io.tributary.projections.db.Database;
import io.tributary.projections.projector.Projection;
import io.tributary.projections.rag.RagGenerations;
import io.tributary.projections.replay.Replay;
import io.tributary.projections.replay.ReplaySettings;
import io.tributary.projections.replay.ReplayStart;
import io.tributary.schemas.documents.EmbeddedDocument;
import io.tributary.schemas.kafka.KafkaClients;
import io.tributary.schemas.topics.Topic;
import io.tributary.schemas.topics.Topics;
import java.time.Duration;

/**
 * A replay in a process of its own, slowed down (small polls, a pause per batch) so a test can kill
 * it with SIGKILL in the middle of its bulk load: {@code ReplayProcess <bootstrap> <jdbc-url> <topic>}. With a
 * fourth argument {@code full-speed} it runs as {@code tributary replay} does (default settings, the
 * long-jobs pool), for a kill in the middle of its index build.
 */
public final class ReplayProcess {

  private ReplayProcess() {}

  public static void main(String[] args) {
    Topic<String, EmbeddedDocument> topic = new Topic<>(args[2], 3, true, Topics.DOCS_EMBEDDED.maxMessageBytes(),
        Topics.DOCS_EMBEDDED.keySerde(), Topics.DOCS_EMBEDDED.valueSerde());
    if (args.length > 3 && args[3].equals("full-speed")) {
      ReplaySettings settings = ReplaySettings.of(KafkaClients.plaintext(args[0]));
      Database pool = Database.forLongJobs(args[1], settings.limits().maxConnections(), "replay-process");
      Replay<String, EmbeddedDocument> replay = new Replay<>(new RagGenerations(topic, null), pool.jdbi(), settings,
          topic, pool::waitingFor);
      replay.run(replay.plan(new ReplayStart.FromBeginning()), progress -> System.out.println(progress.describe()));
      return;
    }
    Database database = new Database(args[1], 4);
    ForwardingRebuildable slow = new ForwardingRebuildable(new RagGenerations(topic, null)) {
      @Override
      public Projection<String, EmbeddedDocument> building(int generation) {
        return ForwardingRebuildable.slowed(super.building(generation), 40);
      }
    };
    Replay<String, EmbeddedDocument> replay = new Replay<>(slow, database.jdbi(),
        new ReplaySettings(KafkaClients.plaintext(args[0]), 5, Duration.ofMillis(200), Duration.ofMinutes(10)));
    replay.run(replay.plan(new ReplayStart.FromBeginning()), progress -> System.out.println(progress.describe()));
  }
}
