package io.tributary.projections.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tributary.schemas.kafka.KafkaClients;
import io.tributary.embedded.EmbeddedKafka;
import io.tributary.embedded.EmbeddedPostgres;
import io.tributary.embedded.testing.EmbeddedKafkaExtension;
import io.tributary.embedded.testing.EmbeddedPostgresExtension;
import io.tributary.embedded.testing.TestDatabase;
import io.tributary.projections.db.Database;
import io.tributary.projections.db.Migrations;
import io.tributary.projections.generations.Generation;
import io.tributary.projections.rag.RagGenerations;
import io.tributary.projections.testing.ReplayProcess;
import io.tributary.projections.testing.ScaleCorpus;
import io.tributary.projections.testing.SearchLoad;
import io.tributary.projections.testing.TestTopics;
import io.tributary.schemas.documents.EmbeddedDocument;
import io.tributary.schemas.topics.Topic;
import io.tributary.schemas.topics.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replays at the size of a real documentation set (25,600 chunks in 320 documents of 80 chunks)
 * while searches run: the build switches, no search fails, and the new generation equals the one
 * live before it row for row, also when the replay process is killed in its index build. The
 * class builds one generation up front that each test then rebuilds, so each test compares with
 * whatever generation is live when it starts.
 */
@Tag("scale")
@ExtendWith({EmbeddedKafkaExtension.class, EmbeddedPostgresExtension.class})
class ReplayScaleTest {

  private static final int DOCUMENTS = 320;
  private static final int CHUNKS_EACH = 80;
  private static final long CHUNKS = (long) DOCUMENTS * CHUNKS_EACH;
  private static final Duration PATIENCE = Duration.ofMinutes(3);
  private static final Topic<String, EmbeddedDocument> TOPIC = new Topic<>("replay.scale.v1", 3, true,
      Topics.DOCS_EMBEDDED.maxMessageBytes(), Topics.DOCS_EMBEDDED.keySerde(), Topics.DOCS_EMBEDDED.valueSerde());

  private static TestDatabase db;
  private static Database builds;
  private static Database readers;
  private static Replay<String, EmbeddedDocument> replay;

  @BeforeAll
  static void corpusAndAFirstGeneration(EmbeddedKafka kafka, EmbeddedPostgres postgres) {
    db = EmbeddedPostgresExtension.freshDatabase(postgres, "replayscale");
    ReplaySettings settings = ReplaySettings.of(KafkaClients.plaintext(kafka.bootstrapServers()));
    builds = Database.forLongJobs(db.jdbcUrl(), settings.limits().maxConnections(), "scale-replay");
    readers = new Database(db.jdbcUrl(), 2);
    Migrations.apply(readers.dataSource());
    try (TestTopics topics = new TestTopics(kafka)) {
      topics.create(TOPIC);
      topics.create(TOPIC.deadLetters());
      topics.produce(TOPIC, ScaleCorpus.records(TOPIC.name(), DOCUMENTS, CHUNKS_EACH));
    }
    replay = new Replay<>(new RagGenerations(TOPIC, null), builds.jdbi(), settings, TOPIC, builds::waitingFor);
    replay.run(replay.plan(new ReplayStart.FromBeginning()), progress -> {});
  }

  @AfterAll
  static void close() {
    if (builds != null) {
      builds.close();
    }
    if (readers != null) {
      readers.close();
    }
  }

  @Test
  void shouldSwitchAReplayOfTwentyFiveThousandChunksWhileSearchesRun() throws Exception {
    // given a live generation of 25,600 chunks and searches running against it
    int before = live();
    assertThat(count("rag_g" + before + ".chunks")).isEqualTo(CHUNKS);
    List<ReplayProgress> reports = new CopyOnWriteArrayList<>();
    AtomicInteger peakConnections = new AtomicInteger();
    ReplayResult result;
    SearchLoad searches = SearchLoad.start(readers.jdbi());
    try {
      // when the projection is replayed from the beginning within the default limits
      result = replay.run(replay.plan(new ReplayStart.FromBeginning()), progress -> {
        reports.add(progress);
        peakConnections.accumulateAndGet(builds.connections(), Math::max);
      });
      long atSwitch = searches.searches();
      await().atMost(PATIENCE).until(() -> searches.searches() > atSwitch + 20);
    } finally {
      searches.close();
    }

    // then it switched, no search failed or came back empty, and the generations are equal row for row
    assertThat(result.generation()).isEqualTo(before + 1);
    assertThat(live()).isEqualTo(before + 1);
    assertThat(searches.errors()).isEmpty();
    assertThat(searches.empty()).isZero();
    assertThat(ReplayTest.differences(readers.jdbi(), "rag_g" + before, "rag_g" + result.generation())).isZero();
    assertThat(count("rag.chunks")).isEqualTo(CHUNKS);
    assertThat(count("rag.documents")).isEqualTo(DOCUMENTS);
    // and each phase reported its own progress, the index build in rows of the vector index's table
    assertThat(reports).extracting(ReplayProgress::phase).contains("loading", "indexing", "switching", "switched");
    assertThat(reports).filteredOn(p -> p.phase().equals("indexing"))
        .allSatisfy(p -> {
          assertThat(p.unit()).isEqualTo("rows");
          assertThat(p.phaseTotal()).isEqualTo(CHUNKS);
        });
    assertThat(reports).filteredOn(p -> p.phase().equals("loading")).last()
        .satisfies(p -> assertThat(p.phaseDone()).isEqualTo(DOCUMENTS));
    assertThat(peakConnections.get()).isLessThanOrEqualTo(ReplayLimits.smallMachine().maxConnections());
  }

  @Test
  void shouldResumeAReplayKilledInTheMiddleOfItsIndexBuild(EmbeddedKafka kafka, @TempDir Path logs)
      throws Exception {
    // given searches running against the live generation, and a replay process building the next one
    int before = live();
    int building = before + 1;
    SearchLoad searches = SearchLoad.start(readers.jdbi());
    ReplayResult result;
    List<ReplayProgress> reports = new CopyOnWriteArrayList<>();
    try {
      Process process = start(kafka, logs.resolve("replay.log"));
      try {
        // when it is killed with SIGKILL while its vector index has taken in some rows but not all
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(50))
            .until(() -> indexRowsDone("rag_g" + building) > 0);
      } finally {
        process.destroyForcibly().waitFor();
      }
      assertThat(count("pg_indexes WHERE schemaname = 'rag_g" + building + "' AND indexname LIKE '%hnsw%'"))
          .as("the vector index was not committed").isZero();

      // then another process takes the build over (the dead one's lock is gone) and resumes it
      Optional<Generation> orphan = await().atMost(PATIENCE).ignoreExceptions()
          .until(replay::takeOver, Optional::isPresent);
      assertThat(orphan.get().generation()).isEqualTo(building);
      result = replay.resume(orphan.get(), reports::add, () -> true);
      long atSwitch = searches.searches();
      await().atMost(PATIENCE).until(() -> searches.searches() > atSwitch + 20);
    } finally {
      searches.close();
    }

    // and it switches to a generation equal to the one before, with no failed search throughout
    assertThat(result.generation()).isEqualTo(building);
    assertThat(live()).isEqualTo(building);
    assertThat(reports).extracting(ReplayProgress::phase).contains("indexing", "switched");
    assertThat(searches.errors()).isEmpty();
    assertThat(searches.empty()).isZero();
    assertThat(ReplayTest.differences(readers.jdbi(), "rag_g" + before, "rag_g" + building)).isZero();
    assertThat(count("rag.chunks")).isEqualTo(CHUNKS);
    assertThat(count("pg_stat_progress_create_index")).as("no index build of the dead process left").isZero();
  }

  private static Process start(EmbeddedKafka kafka, Path log) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-Xmx384m",
        "-cp", System.getProperty("java.class.path"), ReplayProcess.class.getName(),
        kafka.bootstrapServers(), db.jdbcUrl(), TOPIC.name(), "full-speed")
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
  }

  private static long indexRowsDone(String schema) {
    return readers.jdbi().withHandle(h -> h.createQuery(
            """
            SELECT coalesce(max(p.tuples_done), 0) FROM pg_stat_progress_create_index p
            JOIN pg_class c ON c.oid = p.relid JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = :schema
            """)
        .bind("schema", schema).mapTo(Long.class).one());
  }

  private static int live() {
    return readers.jdbi().withHandle(h -> h.createQuery(
            "SELECT generation FROM ops.projection_generations WHERE projection = 'rag' AND state = 'live'")
        .mapTo(Integer.class).one());
  }

  private static long count(String from) {
    Jdbi jdbi = readers.jdbi();
    return jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM " + from).mapTo(Long.class).one());
  }
}
