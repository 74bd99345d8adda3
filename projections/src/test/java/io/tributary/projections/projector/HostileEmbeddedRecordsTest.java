package io.tributary.projections.projector;

import static org.assertj.core.api.Assertions.assertThat;
import net.jqwik.api.Tag;

import com.fasterxml.jackson.core.type.TypeReference;
import io.tributary.embedded.EmbeddedPostgres;
import io.tributary.embedded.PostgresOptions;
import io.tributary.projections.db.Database;
import io.tributary.projections.rag.RagProjection;
import io.tributary.projections.testing.Documents;
import io.tributary.projections.testing.MigratedDatabase;
import io.tributary.schemas.documents.EmbeddedDocument;
import io.tributary.schemas.json.Json;
import io.tributary.schemas.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Generated hostile records on {@code docs.embedded.v1}, each in one batch with a good document,
 * through the rag projector's real transaction on Postgres: the batch always commits (the good
 * document is in the read model, the offsets move past both), a value that is not a JSON object is
 * always dead-lettered, and every dead letter has a code and a reason.
 */
@Tag("integration")
class HostileEmbeddedRecordsTest {

  private static final TopicPartition P0 = new TopicPartition(Topics.DOCS_EMBEDDED.name(), 0);
  private static final List<String> NASTY = List.of("", " ", "\u0000", "null", "[]", "{}", "-1", "1e309",
      "\uD83D\uDE00", "\uFEFF", "a".repeat(20_000), "tenant-b", "AAAA", "not base64!", "\uD800", "NaN");

  private static EmbeddedPostgres postgres;
  private static Database database;
  private static BatchTransaction<String, EmbeddedDocument> transaction;
  private static long offset;
  private static int sentinels;

  @BeforeContainer
  static void start() {
    postgres = EmbeddedPostgres.startTemporary(PostgresOptions.defaults().forTests());
    database = MigratedDatabase.create(postgres, "fuzz_projector");
    transaction = new BatchTransaction<>(new RagProjection(), database.jdbi(), new OffsetStore());
  }

  @AfterContainer
  static void stop() {
    if (database != null) {
      database.close();
    }
    if (postgres != null) {
      postgres.close();
    }
  }

  @Property(tries = 150, shrinking = ShrinkingMode.BOUNDED)
  void aHostileRecordNeverBlocksTheBatchAndEveryDeadLetterSaysWhy(@ForAll("keys") byte[] key,
      @ForAll("values") byte[] value) {
    String sentinel = "sentinel-" + sentinels++;
    long first = offset;
    offset += 2;
    ConsumerRecords<byte[], byte[]> batch = new ConsumerRecords<>(Map.of(P0, List.of(
        new ConsumerRecord<>(P0.topic(), P0.partition(), first, key, value),
        RawRecords.of(P0, first + 1, sentinel, Documents.document(sentinel, "acme", 1, 1)))),
        Map.of(P0, new OffsetAndMetadata(first + 2)));
    List<DeadLetter> letters = new ArrayList<>();

    BatchTransaction.Committed committed = transaction.commit(batch, letters::addAll);

    assertThat(committed.nextOffsets()).containsEntry(P0, first + 2);
    assertThat(documentCount(sentinel)).as("the good document in the same batch").isEqualTo(1);
    for (DeadLetter letter : letters) {
      assertThat(letter.error().code()).isNotNull();
      assertThat(letter.error().message()).isNotBlank();
    }
    if (notAJsonObject(value)) {
      // Behind an open dead letter of the same key a record is parked instead, to keep per-key order.
      assertThat(letters.size() + parkedAt(first)).as("a value that is not a JSON object is dead-lettered or parked")
          .isEqualTo(1);
    }
  }

  /** Found by this property: a NUL quoted in the error message made the dead letter itself unstorable. */
  @Example
  void aNulInATextFieldIsDeadLetteredInsteadOfFailingTheBatchForever() {
    Map<String, Object> fields = Json.mapper().convertValue(Documents.document("doc-1", "acme", 1, 2),
        new TypeReference<Map<String, Object>>() {});
    fields.put("id", "\u0000");

    aHostileRecordNeverBlocksTheBatchAndEveryDeadLetterSaysWhy(null, json(fields));
  }

  private static long parkedAt(long offset) {
    return database.jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM ops.parked_records"
            + " WHERE topic = :topic AND partition = :partition AND \"offset\" = :offset")
        .bind("topic", P0.topic()).bind("partition", P0.partition()).bind("offset", offset)
        .mapTo(Long.class).one());
  }

  private static long documentCount(String id) {
    return database.jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM rag.documents WHERE document_id = :id")
        .bind("id", id).mapTo(Long.class).one());
  }

  private static boolean notAJsonObject(byte[] value) {
    if (value == null) {
      return false;
    }
    try {
      return !Json.mapper().readTree(value).isObject();
    } catch (Exception e) {
      return true;
    }
  }

  private static Arbitrary<String> text() {
    return Arbitraries.oneOf(Arbitraries.of(NASTY), Arbitraries.strings().all().ofMaxLength(40));
  }

  @Provide
  Arbitrary<byte[]> keys() {
    return Arbitraries.oneOf(Arbitraries.just((byte[]) null), text().map(t -> t.getBytes(StandardCharsets.UTF_8)),
        Arbitraries.bytes().array(byte[].class).ofMaxSize(30));
  }

  @Provide
  Arbitrary<byte[]> values() {
    Map<String, Object> valid = Json.mapper().convertValue(Documents.document("doc-1", "acme", 1, 2),
        new TypeReference<Map<String, Object>>() {});
    Arbitrary<Object> scalar = Arbitraries.oneOf(text().map(Object.class::cast),
        Arbitraries.longs().map(Object.class::cast), Arbitraries.doubles().map(Object.class::cast),
        Arbitraries.of(true, false).map(Object.class::cast), Arbitraries.just(null));
    Arbitrary<Object> value = Arbitraries.oneOf(scalar, scalar.list().ofMaxSize(3).map(Object.class::cast),
        Arbitraries.maps(Arbitraries.of(valid.keySet()), scalar).ofMaxSize(3).map(Object.class::cast));
    Arbitrary<byte[]> nearMisses = Arbitraries.of(valid.keySet().toArray(String[]::new)).flatMap(field ->
        value.map(v -> {
          Map<String, Object> copy = new LinkedHashMap<>(valid);
          copy.put(field, v);
          return json(copy);
        }));
    return Arbitraries.oneOf(nearMisses, nearMisses,
        Arbitraries.maps(text(), value).ofMaxSize(5).map(HostileEmbeddedRecordsTest::json),
        Arbitraries.bytes().array(byte[].class).ofMaxSize(200),
        text().map(t -> t.getBytes(StandardCharsets.UTF_8)),
        Arbitraries.integers().between(1, 3000).map(d -> ("[".repeat(d) + "]".repeat(d))
            .getBytes(StandardCharsets.US_ASCII)));
  }

  private static byte[] json(Object value) {
    try {
      return Json.mapper().writeValueAsBytes(value);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
