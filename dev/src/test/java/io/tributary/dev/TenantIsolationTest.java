package io.tributary.dev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.embedded.EmbeddedKafka;
import io.tributary.embedded.EmbeddedRedis;
import io.tributary.embedded.testing.EmbeddedKafkaExtension;
import io.tributary.embedded.testing.EmbeddedPostgresExtension;
import io.tributary.embedded.testing.EmbeddedRedisExtension;
import io.tributary.embedded.testing.TestDatabase;
import io.tributary.platform.config.SettingsLoader;
import io.tributary.schemas.errors.DeadLetterHeaders;
import io.tributary.schemas.json.Json;
import io.tributary.schemas.topics.Topics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A document is its tenant and id (ADR 16), on every path through real services: no write of one
 * tenant (API, race, topic producer, tombstone, guessed id) changes, moves, deletes or reveals
 * another tenant's document.
 */
@Tag("integration")
@ExtendWith({EmbeddedKafkaExtension.class, EmbeddedPostgresExtension.class, EmbeddedRedisExtension.class})
class TenantIsolationTest {

  private static final Duration INDEXED = Duration.ofMinutes(3);
  private static DevStack stack;
  private static String owner;
  private static String rival;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start(EmbeddedKafka kafka, TestDatabase db, EmbeddedRedis redis) throws Exception {
    Path home = Files.createTempDirectory("tributary-tenancy");
    Map<String, String> environment = Map.of(
        "KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(), "DATABASE_URL", db.jdbcUrl(), "REDIS_URL", redis.uri());
    Map<String, String> all = new HashMap<>(environment);
    all.put("TRIBUTARY_API_HOST", "127.0.0.1");
    all.put("TRIBUTARY_API_PORT", "0");
    all.put("TRIBUTARY_TENANT", "owner");
    all.put("TRIBUTARY_HOME", home.toString());
    all.put("TRIBUTARY_STREAMS_APPLICATION_ID", "tenancy-" + UUID.randomUUID());
    stack = DevStack.start(SettingsLoader.load(all), home, environment);
    owner = stack.tokenFor("owner");
    rival = stack.tokenFor("rival");
  }

  @AfterAll
  static void stop() {
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void shouldGiveEachTenantItsOwnDocumentWhenBothPostTheSameIdAtOnce() throws Exception {
    List<String> ids = new ArrayList<>();
    List<CompletableFuture<HttpResponse<String>>> posts = new ArrayList<>();
    CountDownLatch go = new CountDownLatch(1);
    for (int i = 0; i < 5; i++) {
      String id = "race-" + UUID.randomUUID();
      ids.add(id);
      posts.add(CompletableFuture.supplyAsync(() -> postWhen(go, owner, id, "Owner's text about kettles " + id)));
      posts.add(CompletableFuture.supplyAsync(() -> postWhen(go, rival, id, "Rival's text about bicycles " + id)));
    }
    go.countDown();

    for (CompletableFuture<HttpResponse<String>> post : posts) {
      assertThat(post.join().statusCode()).as(post.join().body()).isEqualTo(202);
    }
    for (String id : ids) {
      awaitIndexed(owner, id);
      awaitIndexed(rival, id);
      assertThat(chunkText(owner, id)).startsWith("Owner's text");
      assertThat(chunkText(rival, id)).startsWith("Rival's text");
    }
  }

  @Test
  void shouldKeepTheOwnersDocumentWhenAProducerWritesTheSameIdUnderAnotherTenant() throws Exception {
    String id = "topic-" + UUID.randomUUID();
    post(owner, id, "Owner's original text.");
    awaitIndexed(owner, id);

    // As any producer on the network can: the bare id as key (the old contract), the rival's full
    // key, and the owner's key with the rival's tenant in the value.
    produce(id, document(id, "rival", "Bare-key write by the rival."));
    produce("rival/" + id, document(id, "rival", "Keyed write by the rival."));
    produce("owner/" + id, document(id, "rival", "Write under the owner's key."));

    await().atMost(INDEXED).until(() -> deadLetterKeys().contains("owner/" + id));
    // The rival's own document (its status may read "failed": the refused record named the rival).
    await().atMost(INDEXED).pollInterval(Duration.ofMillis(200)).until(() ->
        chunkText(rival, id).startsWith("Keyed write") || chunkText(rival, id).startsWith("Bare-key write"));
    assertThat(chunkText(owner, id)).isEqualTo("Owner's original text.");
    assertThat(status(owner, id).path("document").path("version").asLong()).isEqualTo(1);
  }

  @Test
  void shouldNotDeleteTheOwnersDocumentOnAnotherTenantsTombstone() throws Exception {
    String id = "tomb-" + UUID.randomUUID();
    post(owner, id, "Owner's text that must survive.");
    post(rival, id, "Rival's text that its tenant deletes.");
    awaitIndexed(owner, id);
    awaitIndexed(rival, id);

    produce(id, null);
    produce("rival/" + id, null);

    await().atMost(INDEXED).pollInterval(Duration.ofMillis(200))
        .until(() -> get(rival, "/api/v1/documents/" + id + "/chunks").statusCode() == 404);
    await().atMost(INDEXED).until(() -> deadLetterKeys().contains(id));
    assertThat(chunkText(owner, id)).isEqualTo("Owner's text that must survive.");
  }

  @Test
  void shouldAnswerAGuessedIdOfAnotherTenantExactlyAsAnIdNobodyUses() throws Exception {
    String id = "guess-" + UUID.randomUUID();
    post(owner, id, "Owner's private text.");
    awaitIndexed(owner, id);

    HttpResponse<String> guessed = get(rival, "/api/v1/documents/" + id);
    HttpResponse<String> unused = get(rival, "/api/v1/documents/" + id + "-nobody");
    HttpResponse<String> deleteGuessed = delete(rival, "/api/v1/documents/" + id);
    HttpResponse<String> postSame = post(rival, id, "Rival's own text.");

    assertThat(guessed.statusCode()).isEqualTo(404).isEqualTo(unused.statusCode());
    assertThat(withoutIds(guessed)).isEqualTo(withoutIds(unused).replace("-nobody", ""));
    assertThat(deleteGuessed.statusCode()).isEqualTo(404);
    assertThat(postSame.statusCode()).as("no 409 tells that another tenant uses the id").isEqualTo(202);
    awaitIndexed(rival, id);
    assertThat(chunkText(owner, id)).isEqualTo("Owner's private text.");
  }

  private HttpResponse<String> postWhen(CountDownLatch go, String token, String id, String text) {
    try {
      go.await();
      return post(token, id, text);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private HttpResponse<String> post(String token, String id, String text) throws Exception {
    String body = Json.mapper().writeValueAsString(Map.of("id", id, "title", "T", "text", text));
    return http.send(request(token, "/api/v1/documents").header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> get(String token, String path) throws Exception {
    return http.send(request(token, path).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> delete(String token, String path) throws Exception {
    return http.send(request(token, path).DELETE().build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpRequest.Builder request(String token, String path) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + stack.apiPort() + path))
        .header("Authorization", "Bearer " + token);
  }

  private JsonNode status(String token, String id) throws Exception {
    return Json.mapper().readTree(get(token, "/api/v1/documents/" + id).body());
  }

  private void awaitIndexed(String token, String id) {
    await().atMost(INDEXED).pollInterval(Duration.ofMillis(200))
        .until(() -> "indexed".equals(status(token, id).path("status").asText()));
  }

  private String chunkText(String token, String id) throws Exception {
    JsonNode chunks = Json.mapper().readTree(get(token, "/api/v1/documents/" + id + "/chunks").body());
    return chunks.path("chunks").path(0).path("text").asText();
  }

  private static String withoutIds(HttpResponse<String> response) {
    return response.body().replaceAll("\"request_id\":\"[^\"]*\"", "");
  }

  private static String document(String id, String tenant, String text) {
    return "{\"id\":\"" + id + "\",\"tenant\":\"" + tenant + "\",\"text\":\"" + text + "\"}";
  }

  private static void produce(String key, String value) {
    Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
        stack.settings().kafkaBootstrapServers());
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
      producer.send(new ProducerRecord<>(Topics.DOCS_SUBMITTED.name(), key, value)).get();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Keys of the records on the documents' dead-letter topic that carry an error code. */
  private static List<String> deadLetterKeys() {
    Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
        stack.settings().kafkaBootstrapServers(), ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
        ConsumerConfig.GROUP_ID_CONFIG, "tenancy-dlq-" + UUID.randomUUID(),
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    List<String> keys = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
      consumer.subscribe(List.of(Topics.DOCS_SUBMITTED_DLQ.name()));
      for (int polls = 0; polls < 10; polls++) {
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
          if (record.headers().lastHeader(DeadLetterHeaders.ERROR_CODE) != null) {
            keys.add(record.key());
          }
        }
      }
    }
    return keys;
  }
}
