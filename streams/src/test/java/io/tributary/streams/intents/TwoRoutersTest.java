package io.tributary.streams.intents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.tributary.schemas.kafka.KafkaClients;
import io.tributary.embedded.EmbeddedKafka;
import io.tributary.embedded.testing.EmbeddedKafkaExtension;
import io.tributary.schemas.agents.AgentCatalogue;
import io.tributary.schemas.agents.AgentCatalogueFile;
import io.tributary.schemas.agents.AgentScoring;
import io.tributary.schemas.agents.LabelSettings;
import io.tributary.schemas.agents.LabelSnapshot;
import io.tributary.schemas.agents.LabelledExample;
import io.tributary.schemas.agents.RoutingDecision;
import io.tributary.schemas.json.JsonSerde;
import io.tributary.schemas.topics.Topic;
import io.tributary.schemas.topics.TopicProvisioner;
import io.tributary.schemas.topics.Topics;
import io.tributary.embedding.Embedder;
import io.tributary.streams.embedding.MiniLmExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two router instances of one application on one broker divide the conversations by partition;
 * one leaves mid-load and the other takes its partitions over: every message is decided exactly
 * once for a read_committed reader. Both route a tenant with the label snapshot the catalogue
 * names, read from the global table each instance holds, and both train the same classifier from
 * a classifier catalogue.
 */
@Tag("integration")
@ExtendWith({EmbeddedKafkaExtension.class, MiniLmExtension.class})
class TwoRoutersTest {

  private static final int MESSAGES = 300;
  private static final Duration PATIENCE = Duration.ofSeconds(150);

  @Test
  void shouldDivideTheMessagesAndDecideEachExactlyOnceWhenOneInstanceLeaves(EmbeddedKafka kafka, Embedder embedder,
      @TempDir Path stateA, @TempDir Path stateB) throws Exception {
    AgentCatalogue catalogue = AgentCatalogueFile.sample(Instant.now());
    provision(kafka, catalogue);
    String run = "two-" + UUID.randomUUID().toString().substring(0, 8);
    String application = "router-" + run;
    SimpleMeterRegistry metersA = new SimpleMeterRegistry();
    SimpleMeterRegistry metersB = new SimpleMeterRegistry();
    IntentRouterRunner a = runner(kafka, application, stateA, embedder, metersA);
    IntentRouterRunner b = runner(kafka, application, stateB, embedder, metersB);
    try (KafkaProducer<byte[], byte[]> producer = producer(kafka);
        KafkaConsumer<String, RoutingDecision> reader = reader(kafka)) {
      publish(producer, catalogue);
      // given two instances of one router application
      startBoth(a, b);

      // when messages of many conversations arrive, and instance A leaves half way
      Map<String, Integer> decided = new HashMap<>();
      for (int i = 0; i < MESSAGES; i++) {
        producer.send(new ProducerRecord<>(Topics.AGENTS_MESSAGES.name(), utf8(run + "-c" + (i % 60)),
            utf8("{\"id\":\"" + run + "-m" + i + "\",\"text\":\"Book me a flight to Berlin, trip " + i + "\"}")));
        if (i == MESSAGES / 2) {
          producer.flush();
          await().atMost(PATIENCE).until(() -> drain(reader, run, decided) > 0 && decided(metersA) > 0
              && decided(metersB) > 0);
          a.close(Duration.ofSeconds(30));
        }
      }
      producer.flush();

      // then every message has exactly one decision, and both instances decided some
      await().atMost(PATIENCE).until(() -> drain(reader, run, decided) >= MESSAGES);
      drainFor(reader, run, decided, Duration.ofSeconds(2));
      assertThat(decided).hasSize(MESSAGES);
      assertThat(decided.values()).allMatch(count -> count == 1);
      assertThat(decided(metersA)).isPositive();
      assertThat(decided(metersB)).isPositive();
    } finally {
      a.close(Duration.ofSeconds(30));
      b.close(Duration.ofSeconds(30));
    }
  }

  @Test
  void shouldRouteWithThePublishedLabelSnapshotOnEveryInstance(EmbeddedKafka kafka, Embedder embedder,
      @TempDir Path stateA, @TempDir Path stateB) throws Exception {
    routeWithLabels(kafka, embedder, stateA, stateB, 0);
  }

  @Test
  void shouldEmbedALargePartOnEveryInstanceInTheBackgroundAndRouteWithIt(EmbeddedKafka kafka, Embedder embedder,
      @TempDir Path stateA, @TempDir Path stateB) throws Exception {
    // Too many labels to embed inside a transaction: each instance builds its own index off the
    // stream thread while acme's messages wait, and no producer is fenced meanwhile.
    routeWithLabels(kafka, embedder, stateA, stateB, EmbeddingClassifier.INLINE_LABELS + 500);
  }

  @Test
  void shouldTrainTheSameClassifierOnEveryInstanceAndDecideAsOneWould(EmbeddedKafka kafka, Embedder embedder,
      @TempDir Path stateA, @TempDir Path stateB) throws Exception {
    AgentCatalogue sample = AgentCatalogueFile.sample(Instant.now());
    Map<String, Double> none = new HashMap<>();
    sample.agents().forEach(agent -> none.put(agent.name(), 0.0));
    // No threshold: every message goes to its most probable agent, so decisions compare scores alone.
    AgentCatalogue catalogue = sample.withScoring(AgentScoring.CLASSIFIER).withThresholds(none);
    provision(kafka, catalogue);
    List<String> texts = List.of("Why was my credit card charged twice this month?", "Where is my parcel?",
        "I forgot my password and cannot log in", "Book me a flight to Berlin for Monday",
        "How many days of annual leave do I have left?");
    String run = "classifier-" + UUID.randomUUID().toString().substring(0, 8);
    SimpleMeterRegistry metersA = new SimpleMeterRegistry();
    SimpleMeterRegistry metersB = new SimpleMeterRegistry();
    IntentRouterRunner a = runner(kafka, "router-" + run, stateA, embedder, metersA);
    IntentRouterRunner b = runner(kafka, "router-" + run, stateB, embedder, metersB);
    try (KafkaProducer<byte[], byte[]> producer = producer(kafka);
        KafkaConsumer<String, RoutingDecision> reader = reader(kafka)) {
      // given a classifier catalogue and two router instances, each training its own classifier
      publish(producer, catalogue);
      startBoth(a, b);

      // when the same few texts arrive in conversations spread over every partition
      for (int i = 0; i < MESSAGES; i++) {
        producer.send(new ProducerRecord<>(Topics.AGENTS_MESSAGES.name(), utf8(run + "-c" + i),
            utf8("{\"id\":\"" + run + "-m" + i + "\",\"text\":\"" + texts.get(i % texts.size()) + "\"}")));
      }
      producer.flush();
      Map<String, RoutingDecision> decisions = new HashMap<>();
      await().atMost(PATIENCE).until(() -> collect(reader, run, decisions) >= MESSAGES);

      // then both instances decided, and every decision is the one a third, separately trained classifier takes
      assertThat(decided(metersA)).isPositive();
      assertThat(decided(metersB)).isPositive();
      EmbeddingClassifier reference = new EmbeddingClassifier(embedder);
      for (int t = 0; t < texts.size(); t++) {
        AgentScore best = reference.classify(texts.get(t), catalogue).ranked().getFirst();
        int text = t;
        assertThat(decisions.values()).filteredOn(d -> Integer.parseInt(d.messageId().substring(run.length() + 2))
            % texts.size() == text).hasSize(MESSAGES / texts.size()).allSatisfy(d -> {
              assertThat(d.agent()).isEqualTo(best.agent());
              // Messages are embedded in batches of other sizes than the reference's single call.
              assertThat(d.confidence()).isCloseTo(best.score(), org.assertj.core.api.Assertions.within(1e-4));
              assertThat(d.catalogueVersion()).isEqualTo(catalogue.version());
            });
      }
    } finally {
      a.close(Duration.ofSeconds(30));
      b.close(Duration.ofSeconds(30));
    }
  }

  /**
   * Two instances route acme with its snapshot (five camel-ride labels for hr, plus {@code filler}
   * billing labels about invoices) and globex with the catalogue alone.
   */
  private static void routeWithLabels(EmbeddedKafka kafka, Embedder embedder, Path stateA, Path stateB, int filler)
      throws Exception {
    String run = "labels-" + UUID.randomUUID().toString().substring(0, 8);
    String snapshot = "ls-" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    AgentCatalogue catalogue = AgentCatalogueFile.sample(Instant.now())
        .withLabels(new LabelSettings(snapshot, 5, 0.75, 0.3, Map.of()));
    provision(kafka, catalogue);
    Instant labelled = Instant.now().minusSeconds(3600);
    List<LabelledExample> labels = new ArrayList<>(List.of(
        new LabelledExample("Book a camel ride for the team offsite", "hr", labelled),
        new LabelledExample("camel ride across the desert dunes", "hr", labelled),
        new LabelledExample("reserve camels for a dune trek", "hr", labelled),
        new LabelledExample("can we ride camels on the dunes trip", "hr", labelled),
        new LabelledExample("arrange a camel trek for my colleagues", "hr", labelled)));
    for (int i = 0; i < filler; i++) {
      labels.add(new LabelledExample("question about invoice number " + i + " and its payment", "billing", labelled));
    }
    LabelSnapshot acme = new LabelSnapshot(snapshot, "acme", Instant.now(), labels);
    SimpleMeterRegistry metersA = new SimpleMeterRegistry();
    SimpleMeterRegistry metersB = new SimpleMeterRegistry();
    IntentRouterRunner a = runner(kafka, "router-" + run, stateA, embedder, metersA);
    IntentRouterRunner b = runner(kafka, "router-" + run, stateB, embedder, metersB);
    try (KafkaProducer<byte[], byte[]> producer = producer(kafka);
        KafkaConsumer<String, RoutingDecision> reader = reader(kafka)) {
      // given a catalogue naming acme's label snapshot, published before two router instances start
      producer.send(new ProducerRecord<>(Topics.AGENTS_LABEL_SNAPSHOTS.name(), utf8(LabelSnapshot.key(snapshot, "acme")),
          ((JsonSerde<LabelSnapshot>) Topics.AGENTS_LABEL_SNAPSHOTS.valueSerde()).toBytes(acme))).get();
      publish(producer, catalogue);
      startBoth(a, b);

      // when acme and globex send the same message in conversations spread over every partition
      int perTenant = 60;
      for (int i = 0; i < perTenant; i++) {
        for (String tenant : List.of("acme", "globex")) {
          producer.send(new ProducerRecord<>(Topics.AGENTS_MESSAGES.name(), utf8(run + "-" + tenant + "-c" + i),
              utf8("{\"id\":\"" + run + "-" + tenant + "-m" + i + "\",\"tenant\":\"" + tenant
                  + "\",\"text\":\"Book a camel ride across the dunes for my team\"}")));
        }
      }
      producer.flush();
      Map<String, RoutingDecision> decisions = new HashMap<>();
      await().atMost(PATIENCE).until(() -> collect(reader, run, decisions) >= 2 * perTenant);

      // then both instances decided, each with acme's labels for acme and with the catalogue alone for globex
      assertThat(decided(metersA)).isPositive();
      assertThat(decided(metersB)).isPositive();
      assertThat(decisions.values()).filteredOn(d -> d.tenant().equals("acme")).hasSize(perTenant)
          .allSatisfy(d -> {
            assertThat(d.agent()).isEqualTo("hr");
            assertThat(d.labelSnapshot()).isEqualTo(snapshot);
            assertThat(d.labelExamples()).as("examples in acme's index").isGreaterThan(labels.size());
            assertThat(d.catalogueVersion()).isEqualTo(catalogue.version());
          });
      assertThat(decisions.values()).filteredOn(d -> d.tenant().equals("globex")).hasSize(perTenant)
          .allSatisfy(d -> {
            assertThat(d.agent()).isNotEqualTo("hr");
            assertThat(d.labelSnapshot()).isEmpty();
          });
    } finally {
      a.close(Duration.ofSeconds(30));
      b.close(Duration.ofSeconds(30));
    }
  }

  private static KafkaProducer<byte[], byte[]> producer(EmbeddedKafka kafka) {
    return new KafkaProducer<>(Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
        new ByteArraySerializer(), new ByteArraySerializer());
  }

  /** Makes {@code catalogue} the active one. */
  private static void publish(KafkaProducer<byte[], byte[]> producer, AgentCatalogue catalogue) throws Exception {
    producer.send(new ProducerRecord<>(Topics.AGENTS_CATALOGUE.name(), utf8(Topics.CATALOGUE_KEY),
        ((JsonSerde<AgentCatalogue>) Topics.AGENTS_CATALOGUE.valueSerde()).toBytes(catalogue))).get();
  }

  private static void startBoth(IntentRouterRunner a, IntentRouterRunner b) {
    a.start();
    b.start();
    await().atMost(PATIENCE).until(() -> a.state().name().equals("RUNNING") && b.state().name().equals("RUNNING"));
  }

  private static void provision(EmbeddedKafka kafka, AgentCatalogue catalogue) {
    List<Topic<?, ?>> topics = new ArrayList<>(Topics.all());
    topics.addAll(Topics.agentRequests(catalogue));
    try (Admin admin = Admin.create(Map.<String, Object>of(
        AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
      new TopicProvisioner(admin, (short) 1, Duration.ofSeconds(30)).ensure(topics);
    }
  }

  /** Polls once and keeps this run's decisions by message id; returns how many it holds. */
  private static int collect(KafkaConsumer<String, RoutingDecision> reader, String run,
      Map<String, RoutingDecision> decisions) {
    for (ConsumerRecord<String, RoutingDecision> record : reader.poll(Duration.ofMillis(200))) {
      if (record.value() != null && record.value().messageId().startsWith(run)) {
        decisions.put(record.value().messageId(), record.value());
      }
    }
    return decisions.size();
  }

  private static IntentRouterRunner runner(EmbeddedKafka kafka, String application, Path state, Embedder embedder,
      SimpleMeterRegistry meters) {
    return new IntentRouterRunner(RouterSettings.defaults(KafkaClients.plaintext(kafka.bootstrapServers()), state)
        .withApplicationId(application), new EmbeddingClassifier(embedder), new IntentDecider(FollowUpRule.defaults()),
        Clock.systemUTC(), meters, OpenTelemetry.noop());
  }

  private static double decided(SimpleMeterRegistry meters) {
    return meters.find("tributary.router.decisions").counters().stream().mapToDouble(Counter::count).sum();
  }

  private static KafkaConsumer<String, RoutingDecision> reader(EmbeddedKafka kafka) {
    KafkaConsumer<String, RoutingDecision> consumer = new KafkaConsumer<>(Map.<String, Object>of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
        ConsumerConfig.GROUP_ID_CONFIG, "reader-" + UUID.randomUUID(),
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new StringDeserializer(),
        Topics.AGENTS_ROUTED.valueSerde().deserializer());
    consumer.subscribe(List.of(Topics.AGENTS_ROUTED.name()));
    return consumer;
  }

  /** Polls once and counts this run's decisions by message id; returns how many distinct ids it saw. */
  private static int drain(KafkaConsumer<String, RoutingDecision> reader, String run, Map<String, Integer> decided) {
    for (ConsumerRecord<String, RoutingDecision> record : reader.poll(Duration.ofMillis(200))) {
      if (record.key() != null && record.key().startsWith(run) && record.value() != null) {
        decided.merge(record.value().messageId(), 1, Integer::sum);
      }
    }
    return decided.size();
  }

  private static void drainFor(KafkaConsumer<String, RoutingDecision> reader, String run,
      Map<String, Integer> decided, Duration span) {
    // Exactly once means no duplicate shows up behind the last decision either.
    long end = System.nanoTime() + span.toNanos();
    while (System.nanoTime() < end) {
      drain(reader, run, decided);
    }
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
