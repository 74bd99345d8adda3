package io.tributary.projections.testing;

import io.tributary.projections.db.Database;
import io.tributary.projections.projector.Projection;
import io.tributary.projections.projector.ProjectorConfig;
import io.tributary.projections.projector.ProjectorRunner;
import io.tributary.projections.rag.RagProjection;
import io.tributary.schemas.documents.EmbeddedDocument;
import io.tributary.schemas.kafka.KafkaClients;
import io.tributary.schemas.topics.Topic;
import io.tributary.schemas.topics.Topics;
import java.util.Map;

/**
 * A projector in a process of its own, so a test can kill it with SIGKILL mid-batch:
 * {@code ProjectorProcess <bootstrap> <jdbc-url> <projection-name> <topic> <partitions>}.
 */
public final class ProjectorProcess {

  private ProjectorProcess() {}

  public static void main(String[] args) {
    Topic<String, EmbeddedDocument> topic = new Topic<>(args[3], Integer.parseInt(args[4]), true,
        Topics.DOCS_EMBEDDED.maxMessageBytes(), Topics.DOCS_EMBEDDED.keySerde(), Topics.DOCS_EMBEDDED.valueSerde());
    Database database = new Database(args[1], 2);
    Projection<String, EmbeddedDocument> projection = new RenamedRag(new RagProjection(), args[2], topic);
    // Small batches: more commits per second, so kills land between and inside many of them. Static
    // membership and short timeouts: a restarted process takes over its killed predecessor's partitions at once instead of
    // waiting for the group to time the dead member out.
    ProjectorConfig config = ProjectorConfig.of(KafkaClients.plaintext(args[0])).withConsumerOverrides(Map.of(
        "max.poll.records", "25", "group.instance.id", args[2] + "-0", "session.timeout.ms", "6000",
        "heartbeat.interval.ms", "1000",
        "max.poll.interval.ms", "10000"));
    new ProjectorRunner<>(projection, database.jdbi(), config).run();
  }
}
