package io.tributary.platform.fault;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.embedded.EmbeddedRedis;
import io.tributary.embedded.testing.EmbeddedPostgresExtension;
import io.tributary.embedded.testing.EmbeddedRedisExtension;
import io.tributary.embedded.testing.KafkaCluster;
import io.tributary.embedded.testing.TestDatabase;
import io.tributary.platform.config.SettingsLoader;
import io.tributary.platform.roles.TopicSetup;
import io.tributary.projections.db.Database;
import io.tributary.projections.db.Migrations;
import io.tributary.schemas.documents.DocumentKey;
import io.tributary.schemas.kafka.KafkaClientProperties;
import io.tributary.schemas.kafka.KafkaClients;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * F6: two instances of every role ({@code streams}, {@code project}, {@code api}), each a JVM of its
 * own started from the production entry point, on a three-broker cluster (RF 3, min ISR 2) that
 * clients reach only over SASL_SSL with SCRAM-SHA-512, as a production cluster: the roles and the
 * test's own clients connect with one client properties file named by
 * {@code TRIBUTARY_KAFKA_PROPERTIES_FILE}, as a user configures Tributary. Mid-load,
 * one broker and one instance of each role are killed with SIGKILL; a document is posted to the
 * surviving API while they are down; then the broker and the killed pipeline and projector come
 * back, as an orchestrator restarts them. Checked against an oracle folded from docs.submitted.v1
 * (read_committed, from the beginning): every document version is on docs.embedded.v1 exactly once
 * and in order, and the read model holds each live document at its last version with its chunks
 * once (0 lost, 0 duplicated, 0 stale), and no deleted one. Agent messages sent in every phase
 * have exactly one decision each on agents.routed.v1 (read_committed) and a row in agents.routes:
 * the router path through the same broker and instance kills.
 */
@Tag("fault")
@ExtendWith({EmbeddedPostgresExtension.class, EmbeddedRedisExtension.class})
class RoleKillTest {

  private static final Logger LOG = LoggerFactory.getLogger(RoleKillTest.class);
  // Bounds, not expectations.
  private static final Duration PATIENCE = Duration.ofMinutes(3);
  private static final List<String> TENANTS = List.of("acme", "globex");
  private static final int IDS_PER_TENANT = 400;
  private static final String API_TENANT = "edge";
  private static final String POSTED_WHILE_DOWN = "posted-while-down";
  /** Agent messages sent before the kill, while down, and after the restart. */
  private static final int MESSAGES_PER_PHASE = 200;

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  @Test
  void shouldIndexEveryDocumentExactlyOnceWhenABrokerAndAnInstanceOfEachRoleAreKilled(TestDatabase db,
      EmbeddedRedis redis, @TempDir Path dir) throws Exception {
    long began = System.nanoTime();
    try (KafkaCluster cluster = KafkaCluster.startSecured(dir.resolve("cluster"));
        StubEmbeddings embeddings = new StubEmbeddings();
        Database database = new Database(db.jdbcUrl(), 2)) {
      Map<String, String> environment = environment(clientPropertiesFile(cluster, dir), db, redis, embeddings);
      // Every client, the roles' and this test's, is built from the environment: the cluster's
      // SASL_SSL listener with the SCRAM login, and no other listener.
      KafkaClients kafka = KafkaClients.fromEnvironment(environment);
      assertThat(kafka.listener()).isEqualTo("SASL_SSL/SCRAM-SHA-512 at " + cluster.bootstrapServers());
      assertThat(KafkaClientProperties.resolve(environment)).containsAllEntriesOf(cluster.clientProperties())
          .containsEntry("bootstrap.servers", cluster.bootstrapServers());
      Jdbi jdbi = database.jdbi();
      List<RoleProcess> roles = new ArrayList<>();
      try (DocumentLoad load = new DocumentLoad(kafka, TENANTS, IDS_PER_TENANT);
          MessageLoad messages = new MessageLoad(kafka, TENANTS);
          ClusterProbe probe = new ClusterProbe(kafka, environment.get("TRIBUTARY_STREAMS_APPLICATION_ID"))) {
        // given two instances of each role, which set up topics and schema at start as in production,
        String classpath = RoleProcess.snapshotClasspath(dir.resolve("classpath"));
        for (String role : List.of("streams", "project", "api")) {
          for (int i = 0; i < 2; i++) {
            roles.add(RoleProcess.start(role, role + "-" + i, environment, dir, classpath));
          }
        }
        // and, while they boot, a plaintext client gets no answer from the listener they were given,
        assertThat(answersPlaintext(cluster.bootstrapServers()))
            .as("an answer to a PLAINTEXT client at " + cluster.bootstrapServers()).isFalse();
        // and the same topic setup (RF 3) and migrations run from here
        TopicSetup.ensure(SettingsLoader.load(environment));
        Migrations.apply(database.dataSource());
        LOG.info("F6: cluster ({}), topics and schema ready after {} s", kafka.listener(), seconds(began));
        roles.forEach(role -> role.awaitReady(PATIENCE));
        RoleProcess pipeline = roles.get(0);
        RoleProcess projector = roles.get(2);
        RoleProcess api = roles.get(4);
        RoleProcess survivingApi = roles.get(5);
        LOG.info("F6: cluster and six roles ready after {} s", seconds(began));

        // when documents arrive, through both APIs and straight to the topic
        for (int i = 0; i < 5; i++) {
          post(api, "early-a-" + i, null);
          post(survivingApi, "early-b-" + i, null);
        }
        load.createAll();
        load.update(300);
        load.repeat(100);
        messages.send(MESSAGES_PER_PHASE);
        load.flush();
        messages.flush();
        LOG.info("F6: {} records and {} messages sent after {} s", load.sent(), messages.sent().size(), seconds(began));

        // and, once the read model fills, a broker and one instance of each role die together
        awaitTrue(() -> rows(jdbi) >= 100, "the first documents in the read model");
        long backlog = probe.pipelineLag();
        cluster.kill(1);
        pipeline.kill();
        projector.kill();
        api.kill();
        long killedAt = System.nanoTime();
        LOG.info("F6: killed a broker and one instance of each role after {} s, {} rows indexed, pipeline lag {}",
            seconds(began), rows(jdbi), backlog);
        assertThat(backlog).as("input the pipeline had not yet processed at the kill").isPositive();

        // and documents keep arriving while they are down
        int attempts = post(survivingApi, POSTED_WHILE_DOWN, "f6-" + UUID.randomUUID());
        for (int i = 0; i < 5; i++) {
          post(survivingApi, "while-down-" + i, null);
        }
        load.delete(120);
        load.update(200);
        load.repeat(50);
        messages.send(MESSAGES_PER_PHASE);
        load.flush();
        messages.flush();
        awaitTrue(() -> indexedVersions(jdbi, POSTED_WHILE_DOWN) > 0, "the document posted while down, indexed");
        LOG.info("F6: the document posted while down ({} attempt(s)) indexed {} s after the kill",
            attempts, seconds(killedAt));

        // and the broker, the pipeline and the projector are started again
        cluster.restart(1);
        pipeline.restart();
        projector.restart();
        load.update(100);
        load.delete(30);
        messages.send(MESSAGES_PER_PHASE);
        load.flush();
        messages.flush();
        pipeline.awaitReady(PATIENCE);
        projector.awaitReady(PATIENCE);
        LOG.info("F6: restarted after {} s; {} records sent by the producer", seconds(began), load.sent());

        // then the pipeline consumes everything and the read model equals the oracle from the input topic
        DocumentOracle oracle = probe.oracle();
        awaitEmpty(() -> probe.pipelineLag() == 0 ? List.of() : List.of("pipeline lag " + probe.pipelineLag()),
            "the pipeline to consume docs.submitted.v1 to its end");
        awaitEmpty(() -> ReadModel.differences(oracle, ReadModel.read(jdbi)), "the read model to equal the oracle");
        awaitEmpty(() -> routingDifferences(messages.sent(), probe.decisionsPerMessage()),
            "one decision per message on agents.routed.v1");
        awaitEmpty(() -> unprojected(messages.sent(), jdbi), "every decision in agents.routes");
        LOG.info("F6: converged after {} s: {} input records, {} live documents, {} deleted",
            seconds(began), oracle.records(), oracle.live().size(), oracle.deleted().size());

        assertThat(ReadModel.differences(oracle, ReadModel.read(jdbi))).isEmpty();
        assertThat(routingDifferences(messages.sent(), probe.decisionsPerMessage()))
            .as("messages without exactly one decision").isEmpty();
        assertThat(messages.sent()).hasSize(3 * MESSAGES_PER_PHASE);
        assertThat(probe.embeddedSequences()).as("versions on docs.embedded.v1 per document")
            .isEqualTo(oracle.embeddedSequences());
        assertThat(oracle.live()).containsKey(new DocumentKey(API_TENANT, POSTED_WHILE_DOWN));
        assertThat(oracle.embeddedSequences().get(new DocumentKey(API_TENANT, POSTED_WHILE_DOWN)))
            .as("versions of the document posted while down").containsExactly(1L);
        assertThat(oracle.deleted()).hasSizeGreaterThan(50);
        assertThat(status(survivingApi, POSTED_WHILE_DOWN)).contains("\"status\":\"indexed\"");
        assertThat(roles).filteredOn(role -> role != api)
            .allMatch(RoleProcess::isAlive, "every instance but the killed API runs");
      } finally {
        stopAll(roles);
      }
      LOG.info("F6: done after {} s", seconds(began));
    }
  }

  /** Stops every instance at once (each leaves its groups and closes its clients), not one after another. */
  private static void stopAll(List<RoleProcess> roles) throws InterruptedException {
    List<Thread> stopping = roles.stream().map(role -> Thread.ofVirtual().start(role::close)).toList();
    for (Thread thread : stopping) {
      thread.join();
    }
  }

  /**
   * The cluster's client properties (bootstrap servers, SASL_SSL, SCRAM login, truststore) in a
   * standard client properties file readable only by its owner, as a user keeps them.
   */
  private static Path clientPropertiesFile(KafkaCluster cluster, Path dir) throws IOException {
    Properties properties = new Properties();
    properties.putAll(cluster.clientProperties());
    Path file = Files.createFile(dir.resolve("kafka-client.properties"),
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    try (OutputStream out = Files.newOutputStream(file)) {
      properties.store(out, "F6: the cluster's SASL_SSL listener");
    }
    return file;
  }

  /**
   * Whether a PLAINTEXT client at {@code bootstrapServers} learns the cluster's brokers within a
   * few seconds. A TLS listener never answers it: it is a bounded wait for an answer that must not
   * come, not a pause.
   */
  private static boolean answersPlaintext(String bootstrapServers) throws InterruptedException {
    try (Admin admin = KafkaClients.plaintext(bootstrapServers).admin("f6-plaintext", Map.of(
        AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3_000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3_000))) {
      return !admin.describeCluster(new DescribeClusterOptions().timeoutMs(3_000)).nodes()
          .get(10, TimeUnit.SECONDS).isEmpty();
    } catch (ExecutionException | TimeoutException e) {
      return false;
    }
  }

  private static Map<String, String> environment(Path kafkaClientProperties, TestDatabase db, EmbeddedRedis redis,
      StubEmbeddings embeddings) {
    String run = UUID.randomUUID().toString().substring(0, 8);
    Map<String, String> env = new HashMap<>();
    // The connection, bootstrap servers included, comes from the file alone: no KAFKA_BOOTSTRAP_SERVERS.
    env.put(KafkaClientProperties.FILE_VARIABLE, kafkaClientProperties.toString());
    env.put("DATABASE_URL", db.jdbcUrl());
    env.put("REDIS_URL", redis.uri());
    env.put("TRIBUTARY_TOPIC_PARTITIONS", "4");
    env.put("TRIBUTARY_STREAMS_APPLICATION_ID", "f6-pipeline-" + run);
    env.put("TRIBUTARY_ROUTER_APPLICATION_ID", "f6-router-" + run);
    env.put("TRIBUTARY_EMBEDDER", "openai");
    env.put("TRIBUTARY_EMBEDDINGS_BASE_URL", embeddings.baseUrl());
    env.put("TRIBUTARY_EMBEDDINGS_MODEL", StubEmbeddings.MODEL);
    env.put("TRIBUTARY_EMBEDDINGS_DIMENSIONS", Integer.toString(StubEmbeddings.DIMENSIONS));
    env.put("TRIBUTARY_EMBED_WORKERS", "1");
    env.put("TRIBUTARY_DB_POOL_SIZE", "4");
    env.put("TRIBUTARY_AUTH", "none");
    env.put("TRIBUTARY_TENANT", API_TENANT);
    // A killed member's partitions move after 6 s instead of the default 45 s; every client reads these.
    env.put("TRIBUTARY_KAFKA_SESSION_TIMEOUT_MS", "6000");
    env.put("TRIBUTARY_KAFKA_HEARTBEAT_INTERVAL_MS", "1000");
    // StubEmbeddings answers in milliseconds, so a 15 s transaction is ample, and a pipeline killed inside
    // one holds readers back 15 s instead of the default 60 s.
    env.put("TRIBUTARY_PIPELINE_TRANSACTION_TIMEOUT_MS", "15000");
    return env;
  }

  /** POSTs a document to {@code api}, retrying a 503 with the same Idempotency-Key as a client would; returns the attempts. */
  private int post(RoleProcess api, String id, String idempotencyKey) throws Exception {
    String body = "{\"id\":\"" + id + "\",\"title\":\"Posted " + id + "\",\"text\":\"" + API_TENANT + "-" + id
        + "-r1 was posted to the edge API.\"}";
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    for (int attempt = 1; ; attempt++) {
      HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.apiPort()
          + "/api/v1/documents")).timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(body));
      if (idempotencyKey != null) {
        request.header("Idempotency-Key", idempotencyKey);
      }
      HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() == 202) {
        return attempt;
      }
      assertThat(response.statusCode()).as(response.body()).isEqualTo(503);
      assertThat(idempotencyKey).as("a retried POST carries an Idempotency-Key").isNotNull();
      assertThat(System.nanoTime()).as("POST accepted in time").isLessThan(deadline);
      LockSupport.parkNanos(Duration.ofMillis(500).toNanos());
    }
  }

  private String status(RoleProcess api, String id) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.apiPort() + "/api/v1/documents/"
        + id)).build(), HttpResponse.BodyHandlers.ofString()).body();
  }

  /** Each sent message without exactly one decision (lost or doubled), and any decision of a message never sent. */
  private static List<String> routingDifferences(List<String> sent, Map<String, Integer> decisions) {
    List<String> differences = new ArrayList<>();
    for (String id : sent) {
      int count = decisions.getOrDefault(id, 0);
      if (count != 1) {
        differences.add(id + ": " + count + " decision(s)");
      }
    }
    decisions.keySet().stream().filter(id -> !sent.contains(id)).forEach(id -> differences.add(id + ": never sent"));
    return differences;
  }

  /** Sent messages whose decision is not in the agents read model (its unique key allows one row each). */
  private static List<String> unprojected(List<String> sent, Jdbi jdbi) {
    List<String> projected = jdbi.withHandle(h -> h.createQuery(
        "SELECT message_id FROM agents.routes WHERE message_id LIKE 'f6-m-%'").mapTo(String.class).list());
    java.util.Set<String> seen = new java.util.HashSet<>(projected);
    return sent.stream().filter(id -> !seen.contains(id)).toList();
  }

  private static long rows(Jdbi jdbi) {
    return jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM rag.documents").mapTo(Long.class).one());
  }

  private static long indexedVersions(Jdbi jdbi, String id) {
    return jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM rag.documents WHERE tenant = :t AND document_id = :id")
        .bind("t", API_TENANT).bind("id", id).mapTo(Long.class).one());
  }

  private static void awaitTrue(Supplier<Boolean> condition, String what) {
    awaitEmpty(() -> condition.get() ? List.of() : List.of("not yet"), what);
  }

  /** Polls observed state until {@code differences} is empty; fails with the last differences after {@link #PATIENCE}. */
  private static void awaitEmpty(Supplier<List<String>> differences, String what) {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    List<String> last = differences.get();
    while (!last.isEmpty()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("gave up waiting for " + what + " after " + PATIENCE + "; "
            + last.size() + " difference(s), first: " + last.subList(0, Math.min(20, last.size())));
      }
      LockSupport.parkNanos(Duration.ofMillis(250).toNanos());
      last = differences.get();
    }
  }

  private static long seconds(long since) {
    return Duration.ofNanos(System.nanoTime() - since).toSeconds();
  }
}
