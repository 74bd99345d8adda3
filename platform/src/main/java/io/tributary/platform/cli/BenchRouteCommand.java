package io.tributary.platform.cli;

import io.tributary.platform.cli.sources.LabelledFiles;
import io.tributary.embedded.EmbeddedKafka;
import io.tributary.platform.config.Settings;
import io.tributary.platform.config.SettingsLoader;
import io.tributary.platform.roles.CatalogueSetup;
import io.tributary.platform.roles.Closer;
import io.tributary.platform.roles.TopicSetup;
import io.tributary.schemas.agents.AgentCatalogue;
import io.tributary.schemas.agents.AgentMessage;
import io.tributary.schemas.agents.RoutingDecision;
import io.tributary.schemas.topics.Topics;
import io.tributary.streams.embedding.MiniLmEmbedder;
import io.tributary.streams.intents.EmbeddingClassifier;
import io.tributary.streams.intents.FollowUpRule;
import io.tributary.streams.intents.IntentDecider;
import io.tributary.streams.intents.IntentRouterRunner;
import io.tributary.streams.intents.RouterSettings;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code tributary bench route}: the raw embedding rate of the model, then messages routed end to
 * end through a real broker and the exactly-once router, in the same run on the same machine.
 */
@Command(name = "route", description = "Route messages end to end and print messages/s and latency p50/p99 "
    + "next to the raw embedding rate measured in the same run (embedded broker unless KAFKA_BOOTSTRAP_SERVERS is set).")
public final class BenchRouteCommand implements Callable<Integer> {

  @Option(names = "--messages", defaultValue = "2000", description = "Messages to route (default ${DEFAULT-VALUE}).")
  int messages;

  @Option(names = "--rate", defaultValue = "0",
      description = "Messages/s to offer; 0 = as fast as possible (measures throughput; latency then includes "
          + "queueing). Below capacity the latency is the routing cost itself.")
  double rate;

  @Option(names = "--timeout", defaultValue = "PT5M", description = "Give up after this long (default ${DEFAULT-VALUE}).")
  Duration timeout;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    Settings base = SettingsLoader.fromEnvironment();
    List<String> texts = corpus(messages);
    try (Closer closer = new Closer()) {
      Settings settings = base.value("KAFKA_BOOTSTRAP_SERVERS").isPresent() ? base
          : base.with(Map.of("KAFKA_BOOTSTRAP_SERVERS", closer.register(EmbeddedKafka.startTemporary()).bootstrapServers()));
      MiniLmEmbedder embedder = closer.register(new MiniLmEmbedder(settings.embedWorkers()));
      double single = embeddingRate(embedder, texts, 1);
      double batched = embeddingRate(embedder, texts, 64);
      out.printf(Locale.ROOT, "embedding (%s, %d workers): %.0f texts/s one at a time, %.0f texts/s in batches of 64%n",
          embedder.modelId(), embedder.workers(), single, batched);
      out.flush();

      TopicSetup.ensure(settings);
      AgentCatalogue catalogue = CatalogueSetup.configured(settings);
      CatalogueSetup.publish(settings, catalogue);
      Path stateDir = Files.createTempDirectory("tributary-bench-route");
      String run = UUID.randomUUID().toString().substring(0, 8);
      IntentRouterRunner runner = closer.register(new IntentRouterRunner(
          new RouterSettings(settings.kafkaClients(), "tributary-bench-" + run, stateDir,
              RouterSettings.DEFAULT_COMMIT_INTERVAL, Map.of()),
          new EmbeddingClassifier(embedder), new IntentDecider(FollowUpRule.defaults()), Clock.systemUTC()));
      try (KafkaConsumer<String, RoutingDecision> decisions = decisionsConsumer(settings)) {
        runner.start();
        awaitRunning(runner);
        Result result = route(settings, decisions, texts, run);
        Percentiles inRouter = new Percentiles(result.routerMillis());
        Percentiles endToEnd = new Percentiles(result.endToEndMillis());
        out.printf(Locale.ROOT, "routed %d/%d messages in %.1f s: %.0f messages/s end to end (offered: %s; "
                + "exactly_once_v2, commit interval %d ms)%n", result.routed(), texts.size(), result.seconds(),
            result.routed() / result.seconds(), rate <= 0 ? "as fast as possible" : rate + "/s",
            RouterSettings.DEFAULT_COMMIT_INTERVAL.toMillis());
        out.printf(Locale.ROOT, "latency sent -> decided (in router):      p50 %d ms, p99 %d ms%n",
            inRouter.at(50), inRouter.at(99));
        out.printf(Locale.ROOT, "latency sent -> decision visible (e2e):   p50 %d ms, p99 %d ms%n",
            endToEnd.at(50), endToEnd.at(99));
        out.printf(Locale.ROOT, "routing rate / single-text embedding rate: %.2f%n",
            result.routed() / result.seconds() / single);
        out.flush();
        return result.routed() == texts.size() ? 0 : 1;
      }
    }
  }

  private Result route(Settings settings, KafkaConsumer<String, RoutingDecision> decisions, List<String> texts,
      String run) {
    Map<String, Object> config = Map.of(ProducerConfig.LINGER_MS_CONFIG, 1);
    List<Long> router = new ArrayList<>();
    List<Long> endToEnd = new ArrayList<>();
    long started = System.nanoTime();
    try (KafkaProducer<String, AgentMessage> producer = settings.kafkaClients().producer(config,
        Topics.AGENTS_MESSAGES.keySerde().serializer(), Topics.AGENTS_MESSAGES.valueSerde().serializer())) {
      for (int i = 0; i < texts.size(); i++) {
        pace(started, i);
        // Many conversations, a few turns each: the follow-up state is exercised as in real traffic.
        String conversation = "bench-" + run + "-" + (i % 200);
        producer.send(new ProducerRecord<>(Topics.AGENTS_MESSAGES.name(), conversation,
            new AgentMessage(run + "-" + i, "bench", "bench", texts.get(i), Instant.now())));
        // A non-blocking look while sending, so the producer itself is never slowed by the consumer.
        drain(decisions, run, router, endToEnd, Duration.ZERO);
      }
      producer.flush();
    }
    long deadline = started + timeout.toNanos();
    while (router.size() < texts.size() && System.nanoTime() < deadline) {
      drain(decisions, run, router, endToEnd, Duration.ofMillis(20));
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    return new Result(router.size(), seconds, router.stream().mapToLong(Long::longValue).toArray(),
        endToEnd.stream().mapToLong(Long::longValue).toArray());
  }

  private void pace(long started, int sent) {
    if (rate <= 0) {
      return;
    }
    long due = started + (long) (sent / rate * 1e9);
    long wait = due - System.nanoTime();
    if (wait > 0) {
      java.util.concurrent.locks.LockSupport.parkNanos(wait);
    }
  }

  private static void drain(KafkaConsumer<String, RoutingDecision> decisions, String run, List<Long> router,
      List<Long> endToEnd, Duration wait) {
    var records = decisions.poll(wait);
    long now = System.currentTimeMillis();
    for (ConsumerRecord<String, RoutingDecision> record : records) {
      RoutingDecision decision = record.value();
      if (decision != null && decision.messageId().startsWith(run + "-") && decision.sentAt() != null) {
        router.add(decision.routedAt().toEpochMilli() - decision.sentAt().toEpochMilli());
        endToEnd.add(now - decision.sentAt().toEpochMilli());
      }
    }
  }

  private static KafkaConsumer<String, RoutingDecision> decisionsConsumer(Settings settings) {
    KafkaConsumer<String, RoutingDecision> consumer = settings.kafkaClients().consumer(Map.<String, Object>of(
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
        Topics.AGENTS_ROUTED.keySerde().deserializer(), Topics.AGENTS_ROUTED.valueSerde().deserializer());
    List<TopicPartition> partitions = consumer.partitionsFor(Topics.AGENTS_ROUTED.name(), Duration.ofSeconds(30))
        .stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
    consumer.assign(partitions);
    consumer.seekToEnd(partitions);
    partitions.forEach(consumer::position);
    return consumer;
  }

  private void awaitRunning(IntentRouterRunner runner) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (runner.state() != org.apache.kafka.streams.KafkaStreams.State.RUNNING && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
  }

  /** Texts/s embedding {@code texts} in calls of {@code batch} texts, after a short warm-up. */
  private static double embeddingRate(MiniLmEmbedder embedder, List<String> texts, int batch) {
    List<String> sample = texts.subList(0, Math.min(texts.size(), 500));
    embedder.embed(sample.subList(0, Math.min(20, sample.size())));
    long started = System.nanoTime();
    for (int from = 0; from < sample.size(); from += batch) {
      embedder.embed(sample.subList(from, Math.min(sample.size(), from + batch)));
    }
    return sample.size() / ((System.nanoTime() - started) / 1e9);
  }

  /** {@code count} texts cycled from the shipped labelled set. */
  private static List<String> corpus(int count) {
    List<String> labelled = new ArrayList<>();
    LabelledFiles.utterances(LabelledFiles.SAMPLE_TUNE).forEach(u -> labelled.add(u.text()));
    LabelledFiles.utterances(LabelledFiles.SAMPLE_TEST).forEach(u -> labelled.add(u.text()));
    List<String> texts = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      texts.add(labelled.get(i % labelled.size()));
    }
    return texts;
  }

  private record Result(int routed, double seconds, long[] routerMillis, long[] endToEndMillis) {}
}
