package io.tributary.bench.route;

import io.tributary.bench.Percentiles;
import io.tributary.platform.cli.sources.LabelledFiles;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.tributary.embedded.EmbeddedKafka;
import io.tributary.platform.config.Settings;
import io.tributary.platform.config.SettingsLoader;
import io.tributary.platform.roles.CatalogueSetup;
import io.tributary.platform.roles.Closer;
import io.tributary.platform.roles.TopicSetup;
import io.tributary.schemas.agents.AgentCatalogue;
import io.tributary.schemas.agents.AgentMessage;
import io.tributary.schemas.agents.IntentLabel;
import io.tributary.schemas.agents.LabelSettings;
import io.tributary.schemas.agents.LabelSnapshot;
import io.tributary.schemas.topics.Topic;
import io.tributary.streams.intents.LabelPolicy;
import io.tributary.streams.intents.LabelSnapshots;
import io.tributary.schemas.agents.RoutingDecision;
import io.tributary.schemas.topics.Topics;
import io.tributary.platform.embedding.EmbedderSelection;
import io.tributary.streams.embedding.OnnxEmbedder;
import io.tributary.streams.intents.EmbeddingClassifier;
import io.tributary.streams.intents.FollowUpRule;
import io.tributary.streams.intents.IntentDecider;
import io.tributary.streams.intents.IntentRouterRunner;
import io.tributary.streams.intents.RouterBatching;
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
 * {@code tributary bench route}: the raw embedding rate of the model (one text at a time and in
 * batches), then messages routed end to end through a real broker and the exactly-once router as
 * fast as possible (throughput, compared with the batched rate) and at a steady offered rate
 * (latency until the decision is visible), in the same run on the same machine.
 */
@Command(name = "route", description = "Route messages end to end: messages/s at saturation as a ratio of the "
    + "batched embedding rate measured in the same run, and latency p50/p99 at a steady offered rate "
    + "(embedded broker unless KAFKA_BOOTSTRAP_SERVERS is set).")
public final class BenchRouteCommand implements Callable<Integer> {

  @Option(names = "--messages", defaultValue = "2000",
      description = "Messages routed as fast as possible, for throughput (default ${DEFAULT-VALUE}).")
  int messages;

  @Option(names = "--rate", defaultValue = "20",
      description = "Messages/s offered in the latency phase (default ${DEFAULT-VALUE}); below capacity the "
          + "latency is the routing cost itself, not queueing.")
  double rate;

  @Option(names = "--paced-messages", defaultValue = "400",
      description = "Messages sent at --rate in the latency phase (default ${DEFAULT-VALUE}); 0 skips it.")
  int pacedMessages;

  @Option(names = "--warmup", defaultValue = "2000",
      description = "Messages routed, untimed, before the saturation run (default ${DEFAULT-VALUE}): a router runs "
          + "for hours, so its JIT, RocksDB and transactions are warm.")
  int warmup;

  @Option(names = "--labels", defaultValue = "0",
      description = "Then publish a label snapshot with this many labels per agent for the bench tenant, route "
          + "--messages again with the neighbour vote and print the rate against the run without labels "
          + "(default ${DEFAULT-VALUE}: skip).")
  int labelsPerAgent;

  @Option(names = "--timeout", defaultValue = "PT5M", description = "Give up after this long (default ${DEFAULT-VALUE}).")
  Duration timeout;

  /** The tenant every bench message and label belongs to. */
  private static final String BENCH_TENANT = "bench";

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    Settings base = SettingsLoader.fromEnvironment();
    List<String> texts = corpus(messages);
    try (Closer closer = new Closer()) {
      Settings settings = base.value("KAFKA_BOOTSTRAP_SERVERS").isPresent() ? base
          : base.with(Map.of("KAFKA_BOOTSTRAP_SERVERS", closer.register(EmbeddedKafka.startTemporary()).bootstrapServers()));
      OnnxEmbedder embedder = closer.register(new OnnxEmbedder(EmbedderSelection.localModel(settings),
          settings.embedWorkers(), settings.embedWindowTokens()));
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
      SimpleMeterRegistry meters = new SimpleMeterRegistry();
      IntentRouterRunner runner = closer.register(new IntentRouterRunner(
          new RouterSettings(settings.kafkaClients(), "tributary-bench-" + run, stateDir,
              RouterSettings.DEFAULT_COMMIT_INTERVAL, Map.of()),
          new EmbeddingClassifier(embedder), new IntentDecider(FollowUpRule.defaults()), Clock.systemUTC(),
          meters, OpenTelemetry.noop()));
      try (KafkaConsumer<String, RoutingDecision> decisions = decisionsConsumer(settings)) {
        runner.start();
        awaitRunning(runner);
        // Warm the router's path (catalogue index, JIT, RocksDB, transactions) before anything is timed.
        route(settings, decisions, corpus(Math.max(50, warmup)), run + "w", 0);
        DistributionSummary batches = meters.get("tributary.router.batch.size").summary();
        long batchesBefore = batches.count();
        double messagesBefore = batches.totalAmount();
        Result saturated = route(settings, decisions, texts, run + "s", 0);
        out.printf(Locale.ROOT, "saturation: %d classifier calls, mean batch %.1f messages%n",
            batches.count() - batchesBefore,
            (batches.totalAmount() - messagesBefore) / Math.max(1, batches.count() - batchesBefore));
        // The batched rate again, so that a shared machine's changing load hits both sides alike.
        double batchedAfter = embeddingRate(embedder, texts, 64);
        out.printf(Locale.ROOT, "embedding in batches of 64 after the routing run: %.0f texts/s%n", batchedAfter);
        batched = (batched + batchedAfter) / 2;
        double routedRate = saturated.routed() / saturated.seconds();
        out.printf(Locale.ROOT, "saturation: routed %d/%d messages in %.1f s = %.0f messages/s end to end "
                + "(exactly_once_v2, commit interval %d ms, batches of up to %d, linger %d ms)%n",
            saturated.routed(), texts.size(), saturated.seconds(), routedRate,
            RouterSettings.DEFAULT_COMMIT_INTERVAL.toMillis(), RouterBatching.DEFAULT_MAX_MESSAGES,
            RouterBatching.DEFAULT_LINGER.toMillis());
        out.printf(Locale.ROOT, "routing rate / batched embedding rate (mean of before and after): %.2f (target >= 0.80); "
            + "/ one-at-a-time rate: %.2f%n", routedRate / batched, routedRate / single);
        out.flush();
        boolean complete = saturated.routed() == texts.size();
        if (labelsPerAgent > 0) {
          AgentCatalogue labelled = publishLabels(settings, catalogue);
          long labelledBatchesBefore = batches.count();
          long started = System.nanoTime();
          // The first message builds the tenant's example index (the labels are embedded once).
          route(settings, decisions, texts.subList(0, Math.min(50, texts.size())), run + "lw", 0);
          out.printf(Locale.ROOT, "labels: %d per agent published (snapshot %s, catalogue %s); index built and "
                  + "warmed in %.1f s%n", labelsPerAgent, labelled.labels().snapshot(), labelled.version(),
              (System.nanoTime() - started) / 1e9);
          Result withLabels = route(settings, decisions, texts, run + "l", 0);
          double labelledRate = withLabels.routed() / withLabels.seconds();
          out.printf(Locale.ROOT, "saturation with labels: routed %d/%d messages in %.1f s = %.0f messages/s "
                  + "(%d classifier calls)%n",
              withLabels.routed(), texts.size(), withLabels.seconds(), labelledRate,
              batches.count() - labelledBatchesBefore);
          // Without labels once more, so that warm-up and the machine's load weigh on both sides alike.
          CatalogueSetup.publish(settings, catalogue);
          route(settings, decisions, texts.subList(0, Math.min(50, texts.size())), run + "uw", 0);
          Result again = route(settings, decisions, texts, run + "u", 0);
          double againRate = again.routed() / again.seconds();
          double unlabelled = (routedRate + againRate) / 2;
          out.printf(Locale.ROOT, "saturation without labels again: %.0f messages/s; with labels / without "
              + "(mean of both runs, %.0f messages/s): %.2f%n", againRate, unlabelled, labelledRate / unlabelled);
          out.flush();
          complete &= withLabels.routed() == texts.size() && again.routed() == texts.size();
        }
        if (pacedMessages > 0) {
          List<String> paced = corpus(pacedMessages);
          long pacedBatchesBefore = batches.count();
          Result steady = route(settings, decisions, paced, run + "p", rate);
          out.printf(Locale.ROOT, "steady: %d classifier calls for %d messages%n",
              batches.count() - pacedBatchesBefore, paced.size());
          Percentiles inRouter = new Percentiles(steady.routerMillis());
          Percentiles endToEnd = new Percentiles(steady.endToEndMillis());
          out.printf(Locale.ROOT, "steady %.0f messages/s offered: routed %d/%d%n", rate, steady.routed(), paced.size());
          out.printf(Locale.ROOT, "latency sent -> decided (in router):      p50 %d ms, p99 %d ms%n",
              inRouter.at(50), inRouter.at(99));
          out.printf(Locale.ROOT, "latency sent -> decision visible (e2e):   p50 %d ms, p99 %d ms (target p99 <= 250 ms)%n",
              endToEnd.at(50), endToEnd.at(99));
          complete &= steady.routed() == paced.size();
        }
        out.flush();
        return complete ? 0 : 1;
      }
    }
  }

  private Result route(Settings settings, KafkaConsumer<String, RoutingDecision> decisions, List<String> texts,
      String run, double rate) {
    Map<String, Object> config = Map.of(ProducerConfig.LINGER_MS_CONFIG, 1);
    List<Long> router = new ArrayList<>();
    List<Long> endToEnd = new ArrayList<>();
    long started = System.nanoTime();
    try (KafkaProducer<String, AgentMessage> producer = settings.kafkaClients().producer(config,
        Topics.AGENTS_MESSAGES.keySerde().serializer(), Topics.AGENTS_MESSAGES.valueSerde().serializer())) {
      for (int i = 0; i < texts.size(); i++) {
        pace(started, i, rate);
        // Many conversations, a few turns each: the follow-up state is exercised as in real traffic.
        String conversation = "bench-" + run + "-" + (i % 200);
        producer.send(new ProducerRecord<>(Topics.AGENTS_MESSAGES.name(), conversation,
            new AgentMessage(run + "-" + i, BENCH_TENANT, "bench", texts.get(i), Instant.now())));
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

  private static void pace(long started, int sent, double rate) {
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

  /**
   * Publishes {@link #labelsPerAgent} labels for every agent of {@code catalogue}, all of the bench
   * tenant, as one snapshot, and the catalogue routing with it; returns that catalogue.
   */
  private AgentCatalogue publishLabels(Settings settings, AgentCatalogue catalogue) throws Exception {
    List<String> texts = corpus(labelsPerAgent * catalogue.agents().size());
    List<IntentLabel> labels = new ArrayList<>(texts.size());
    Instant now = Instant.now();
    for (int i = 0; i < texts.size(); i++) {
      String agent = catalogue.agents().get(i % catalogue.agents().size()).name();
      labels.add(new IntentLabel(BENCH_TENANT, "bench-label-" + i, texts.get(i) + " (" + i + ")", agent,
          IntentLabel.IMPORT, now));
    }
    LabelSnapshots.Built snapshot = LabelSnapshots.build(labels, new LabelPolicy(labelsPerAgent, Duration.ZERO), now);
    Topic<String, LabelSnapshot> topic = Topics.AGENTS_LABEL_SNAPSHOTS;
    try (KafkaProducer<String, LabelSnapshot> producer = settings.kafkaClients().producer(
        Map.of(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Topics.LABEL_SNAPSHOT_MAX_MESSAGE_BYTES),
        topic.keySerde().serializer(), topic.valueSerde().serializer())) {
      for (LabelSnapshot part : snapshot.parts()) {
        producer.send(new ProducerRecord<>(topic.name(), LabelSnapshot.key(part.snapshot(), part.tenant()), part)).get();
      }
    }
    AgentCatalogue labelled = catalogue.withLabels(new LabelSettings(snapshot.id(), LabelSettings.DEFAULT_NEIGHBOURS,
        LabelSettings.DEFAULT_WEIGHT, catalogue.minConfidence(), Map.of()));
    CatalogueSetup.publish(settings, labelled);
    return labelled;
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
  private static double embeddingRate(OnnxEmbedder embedder, List<String> texts, int batch) {
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
