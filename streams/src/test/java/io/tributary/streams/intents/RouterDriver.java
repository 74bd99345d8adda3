package io.tributary.streams.intents;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.tributary.schemas.agents.AgentCatalogue;
import io.tributary.schemas.agents.LabelSnapshot;
import io.tributary.schemas.agents.AgentRequest;
import io.tributary.schemas.agents.RoutingDecision;
import io.tributary.schemas.json.Json;
import io.tributary.schemas.json.JsonSerde;
import io.tributary.schemas.kafka.KafkaClients;
import io.tributary.schemas.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyConfig;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;

/** The production intent topology in a {@link TopologyTestDriver}, with a fixed clock. */
final class RouterDriver implements AutoCloseable {

  static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

  final TopologyTestDriver driver;
  final TestInputTopic<byte[], byte[]> messages;
  final TestInputTopic<String, AgentCatalogue> catalogue;
  final TestInputTopic<String, LabelSnapshot> snapshots;
  final TestOutputTopic<String, RoutingDecision> routed;
  final TestOutputTopic<byte[], byte[]> deadLetters;
  private final RouterBatching batching;

  RouterDriver(IntentClassifier classifier, Path stateDir) {
    this(classifier, stateDir, new SimpleMeterRegistry(), OpenTelemetry.noop());
  }

  RouterDriver(IntentClassifier classifier, Path stateDir, MeterRegistry meters, OpenTelemetry openTelemetry) {
    this(classifier, stateDir, meters, openTelemetry, RouterBatching.defaults());
  }

  RouterDriver(IntentClassifier classifier, Path stateDir, MeterRegistry meters, OpenTelemetry openTelemetry,
      RouterBatching batching) {
    this.batching = batching;
    Properties config = IntentRouterRunner.streamsConfig(RouterSettings.defaults(KafkaClients.plaintext("localhost:9"), stateDir));
    StreamsBuilder builder = new StreamsBuilder(new TopologyConfig(new StreamsConfig(config)));
    IntentRouter.build(builder, classifier, new IntentDecider(FollowUpRule.defaults()), Clock.fixed(NOW, ZoneOffset.UTC),
        meters, openTelemetry, batching);
    driver = new TopologyTestDriver(builder.build(), config);
    messages = driver.createInputTopic(
        Topics.AGENTS_MESSAGES.name(), Serdes.ByteArray().serializer(), Serdes.ByteArray().serializer());
    catalogue = driver.createInputTopic(Topics.AGENTS_CATALOGUE.name(),
        Topics.AGENTS_CATALOGUE.keySerde().serializer(), Topics.AGENTS_CATALOGUE.valueSerde().serializer());
    snapshots = driver.createInputTopic(Topics.AGENTS_LABEL_SNAPSHOTS.name(),
        Topics.AGENTS_LABEL_SNAPSHOTS.keySerde().serializer(), Topics.AGENTS_LABEL_SNAPSHOTS.valueSerde().serializer());
    routed = driver.createOutputTopic(Topics.AGENTS_ROUTED.name(),
        Topics.AGENTS_ROUTED.keySerde().deserializer(), Topics.AGENTS_ROUTED.valueSerde().deserializer());
    deadLetters = driver.createOutputTopic(Topics.AGENTS_MESSAGES_DLQ.name(),
        Serdes.ByteArray().deserializer(), Serdes.ByteArray().deserializer());
  }

  TestOutputTopic<String, AgentRequest> requests(String topic) {
    return driver.createOutputTopic(topic, Serdes.String().deserializer(), JsonSerde.of(AgentRequest.class).deserializer());
  }

  void publish(AgentCatalogue active) {
    catalogue.pipeInput(Topics.CATALOGUE_KEY, active, NOW);
  }

  void publish(LabelSnapshot part) {
    snapshots.pipeInput(LabelSnapshot.key(part.snapshot(), part.tenant()), part, NOW);
  }

  /** Pipes a message of {@code tenant} and lets its batch linger out. */
  void sendAs(String tenant, String conversation, String id, String text, Instant at) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("id", id);
    fields.put("tenant", tenant);
    fields.put("text", text);
    messages.pipeInput(new TestRecord<>(utf8(conversation), json(fields), new RecordHeaders(), at));
    lingerOut();
  }

  /** Pipes a message of conversation {@code conversation} sent at {@code at} and lets its batch linger out. */
  void send(String conversation, String id, String text, Instant at) {
    sendWithoutLinger(conversation, id, text, at);
    lingerOut();
  }

  /** Pipes a message; it waits for its batch until {@link #lingerOut()} or the batch is full. */
  void sendWithoutLinger(String conversation, String id, String text, Instant at) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("id", id);
    fields.put("tenant", "acme");
    fields.put("user", "u1");
    fields.put("text", text);
    messages.pipeInput(new TestRecord<>(utf8(conversation), json(fields),
        new RecordHeaders().add("origin-header", utf8("kept")), at));
  }

  /**
   * Two linger ticks with nothing arriving in between: the first sees the messages that came, the
   * second finds the input quiet and routes what is pending.
   */
  void lingerOut() {
    driver.advanceWallClockTime(batching.linger());
    driver.advanceWallClockTime(batching.linger());
  }

  void pipe(byte[] key, byte[] value, Instant at) {
    pipe(key, value, at, new RecordHeaders().add("origin-header", utf8("kept")));
  }

  void pipe(byte[] key, byte[] value, Instant at, Headers headers) {
    messages.pipeInput(new TestRecord<>(key, value, headers, at));
    lingerOut();
  }

  static byte[] json(Map<String, Object> fields) {
    try {
      return Json.mapper().writeValueAsBytes(fields);
    } catch (Exception e) {
      throw new IllegalArgumentException(e);
    }
  }

  static byte[] utf8(String s) {
    return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    driver.close();
  }
}
