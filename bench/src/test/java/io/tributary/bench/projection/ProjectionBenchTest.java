package io.tributary.bench.projection;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.embedded.EmbeddedKafka;
import io.tributary.embedded.EmbeddedPostgres;
import io.tributary.embedded.testing.EmbeddedKafkaExtension;
import io.tributary.embedded.testing.EmbeddedPostgresExtension;
import io.tributary.projections.db.Database;
import io.tributary.projections.db.Migrations;
import org.junit.jupiter.api.Tag;
import io.tributary.schemas.kafka.KafkaClients;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The bench runs every path over the same rows and cleans up; its speed is judged by the command, not here. */
@Tag("integration")
@ExtendWith({EmbeddedKafkaExtension.class, EmbeddedPostgresExtension.class})
class ProjectionBenchTest {

  @Test
  void shouldMeasureEveryPathOverTheSameRowsAndLeaveNoScratchBehind(EmbeddedKafka kafka, EmbeddedPostgres postgres) {
    int documents = Integer.getInteger("tributary.bench.documents", 30);
    try (Database database = new Database(EmbeddedPostgresExtension.freshDatabase(postgres, "bench").jdbcUrl())) {
      Migrations.apply(database.dataSource());
      ProjectionBenchReport report = new ProjectionBench(database.jdbi(), KafkaClients.plaintext(kafka.bootstrapServers())).run(documents);
      System.out.println(report.describe());

      assertThat(report.rows()).isEqualTo(documents * 4L);
      assertThat(report.liveRowsPerSecond()).isPositive();
      assertThat(report.replayRowsPerSecond()).isPositive();
      assertThat(report.replayLoadRowsPerSecond()).isGreaterThanOrEqualTo(report.replayRowsPerSecond());
      assertThat(report.rawCopyRowsPerSecond()).isPositive();
      assertThat(report.rawBatchedInsertRowsPerSecond()).isPositive();
      assertThat(report.rawIndexBuild()).isPositive();
      assertThat(report.describe()).contains("ratio live / raw insert").contains("ratio replay (load + index) / raw COPY")
          .contains("ratio replay load alone / raw COPY").contains("ratio replay index build / raw CREATE INDEX");
      long scratch = database.jdbi().withHandle(h -> h.createQuery(
          "SELECT count(*) FROM pg_namespace WHERE nspname LIKE 'rag_g9%'").mapTo(Long.class).one());
      assertThat(scratch).isZero();
      long rawIndexes = database.jdbi().withHandle(h -> h.createQuery(
          "SELECT count(*) FROM pg_class WHERE relname LIKE 'bench_raw_index_%' OR relname = 'bench_copy_scratch'")
          .mapTo(Long.class).one());
      assertThat(rawIndexes).isZero();
      long liveRows = database.jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM rag.chunks")
          .mapTo(Long.class).one());
      assertThat(liveRows).as("the bench never writes the live generation").isZero();
    }
  }
}
