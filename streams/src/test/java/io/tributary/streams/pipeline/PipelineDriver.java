package io.tributary.streams.pipeline;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.tributary.schemas.documents.EmbeddedDocument;
import io.tributary.schemas.json.Json;
import io.tributary.schemas.kafka.KafkaClients;
import io.tributary.schemas.topics.Topics;
import io.tributary.streams.chunking.ChunkingPolicy;
import io.tributary.streams.embedding.CacheStatistics;
import io.tributary.embedding.Embedder;
import io.tributary.streams.embedding.RetryPolicy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
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
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;

/** The production topology in a {@link TopologyTestDriver}, with its input, its three outputs and a fixed clock. */
final class PipelineDriver implements AutoCloseable {

  static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
  static final Instant RECORD_TIME = Instant.parse("2026-03-01T11:59:00Z");

  final TopologyTestDriver driver;
  final TestInputTopic<byte[], byte[]> submitted;
  final TestOutputTopic<String, EmbeddedDocument> embedded;
  final TestOutputTopic<byte[], byte[]> deadLetters;
  /** docs.accepted.v1, read as raw bytes: the pipeline writes the document JSON as it accepted it. */
  final TestOutputTopic<String, byte[]> accepted;

  /** No retries: an embedder failure propagates at once. */
  static final RetryPolicy NO_RETRIES = new RetryPolicy(Duration.ZERO, Duration.ZERO, Duration.ZERO);

  final PipelineComponents components;

  /** Character-measured chunks ({@link ChunkingPolicy#characters()}), no retries. */
  PipelineDriver(Embedder embedder, Path stateDir) {
    this(components(embedder), stateDir);
  }

  PipelineDriver(PipelineComponents components, Path stateDir) {
    this.components = components;
    Properties config = DocumentPipelineRunner.streamsConfig(PipelineSettings.defaults(KafkaClients.plaintext("localhost:9"), stateDir));
    StreamsBuilder builder = new StreamsBuilder(new TopologyConfig(new StreamsConfig(config)));
    DocumentPipeline.build(builder, components);
    driver = new TopologyTestDriver(builder.build(), config);
    submitted = driver.createInputTopic(
        components.input().name(), Serdes.ByteArray().serializer(), Serdes.ByteArray().serializer());
    embedded = driver.createOutputTopic(
        components.output().name(),
        components.output().keySerde().deserializer(),
        components.output().valueSerde().deserializer());
    deadLetters = driver.createOutputTopic(
        Topics.DOCS_SUBMITTED_DLQ.name(),
        Topics.DOCS_SUBMITTED_DLQ.keySerde().deserializer(),
        Topics.DOCS_SUBMITTED_DLQ.valueSerde().deserializer());
    accepted = driver.createOutputTopic(
        Topics.DOCS_ACCEPTED.name(), Serdes.String().deserializer(), Serdes.ByteArray().deserializer());
  }

  /** Pipes raw key and value bytes with one header, at {@link #RECORD_TIME}. */
  void pipe(byte[] key, byte[] value) {
    Headers headers = new RecordHeaders().add("origin-header", utf8("kept"));
    submitted.pipeInput(new TestRecord<>(key, value, headers, RECORD_TIME));
  }

  /** Pipes raw key and value bytes with exactly {@code headers}, at {@link #RECORD_TIME}. */
  void pipe(byte[] key, byte[] value, Headers headers) {
    submitted.pipeInput(new TestRecord<>(key, value, headers, RECORD_TIME));
  }

  /** Pipes a document with the given JSON fields, keyed by its tenant and id (ADR 16). */
  void pipe(Map<String, Object> fields) {
    pipe(utf8(key(fields)), json(fields));
  }

  /** Pipes a tombstone for {@code id} of the default tenant, or for a key already naming a tenant. */
  void pipeTombstone(String id) {
    pipe(utf8(id.indexOf('/') < 0 ? "default/" + id : id), null);
  }

  /** The record key of a document with these fields: {@code <tenant>/<id>}. */
  static String key(Map<String, Object> fields) {
    Object tenant = fields.get("tenant");
    return (tenant instanceof String name ? name : "default") + "/" + fields.get("id");
  }

  KeyValueStore<String, DocumentVersion> versions() {
    return driver.getKeyValueStore(DocumentPipeline.VERSION_STORE);
  }

  static PipelineComponents components(Embedder embedder) {
    return new PipelineComponents(
        embedder, ChunkingPolicy.characters(), NO_RETRIES, new CacheStatistics(), Clock.fixed(NOW, ZoneOffset.UTC));
  }

  static Map<String, Object> document(String id, String text) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("id", id);
    fields.put("text", text);
    return fields;
  }

  static byte[] json(Map<String, Object> fields) {
    try {
      return Json.mapper().writeValueAsBytes(fields);
    } catch (JsonProcessingException e) {
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
