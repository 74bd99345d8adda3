package io.tributary.streams.intents;

import io.tributary.schemas.kafka.KafkaClients;
import io.tributary.streams.embedding.OnnxEmbedder;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/**
 * An intent router in a process of its own, for {@link RouterKillTest} to kill with SIGKILL:
 * {@code RouterProcess <bootstrap> <state dir> <application id>}. Runs until killed.
 */
public final class RouterProcess {

  /** Shortened so that a killed instance's partitions and open transaction are given up in seconds. */
  static final Map<String, String> FAST_FAILOVER = Map.of(
      "consumer.session.timeout.ms", "6000",
      "consumer.heartbeat.interval.ms", "1000",
      "producer.transaction.timeout.ms", "10000");

  private RouterProcess() {}

  public static void main(String[] args) throws InterruptedException {
    RouterSettings settings = new RouterSettings(KafkaClients.plaintext(args[0]), args[2], Path.of(args[1]),
        RouterSettings.DEFAULT_COMMIT_INTERVAL, FAST_FAILOVER);
    IntentRouterRunner runner = new IntentRouterRunner(settings, new EmbeddingClassifier(new OnnxEmbedder(1)),
        new IntentDecider(FollowUpRule.defaults()), Clock.systemUTC());
    runner.start();
    System.out.println("router process started");
    Thread.sleep(Long.MAX_VALUE);
  }
}
