package io.tributary.streams.pipeline;

import io.tributary.schemas.kafka.KafkaClients;
import io.tributary.streams.embedding.OnnxEmbedder;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * A document pipeline in a process of its own, for {@link ExactlyOnceKillTest} to kill with
 * SIGKILL: {@code PipelineProcess <bootstrap> <state dir> <application id>}. Runs until killed.
 */
public final class PipelineProcess {

  /** Shortened so that a killed instance's partitions are given up in seconds. */
  private static final Map<String, String> FAST_FAILOVER = Map.of(
      "consumer.session.timeout.ms", "6000",
      "consumer.heartbeat.interval.ms", "1000");

  /** {@code settings} whose partitions and open transaction a killed instance gives up in seconds. */
  static PipelineSettings fastFailover(PipelineSettings settings) {
    return settings.withOverrides(FAST_FAILOVER).withTransactionTimeout(Duration.ofSeconds(10));
  }

  private PipelineProcess() {}

  public static void main(String[] args) throws InterruptedException {
    PipelineSettings settings = fastFailover(PipelineSettings.defaults(KafkaClients.plaintext(args[0]), Path.of(args[1]))
        .withApplicationId(args[2])
        .withEmbedWorkers(1));
    OnnxEmbedder model = new OnnxEmbedder(1);
    DocumentPipelineRunner runner =
        new DocumentPipelineRunner(settings, PipelineComponents.forEmbedder(model, Clock.systemUTC()));
    runner.start();
    System.out.println("pipeline process started");
    Thread.sleep(Long.MAX_VALUE);
  }
}
