package io.tributary.projections.generations;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.embedded.EmbeddedPostgres;
import io.tributary.embedded.testing.EmbeddedPostgresExtension;
import io.tributary.projections.db.Database;
import io.tributary.projections.db.Migrations;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@Tag("integration")
@ExtendWith(EmbeddedPostgresExtension.class)
class LiveGenerationsTest {

  private Database database;

  @BeforeEach
  void open(EmbeddedPostgres postgres) {
    database = new Database(EmbeddedPostgresExtension.freshDatabase(postgres, "live_generations").jdbcUrl());
    Migrations.apply(database.dataSource());
  }

  @AfterEach
  void close() {
    database.close();
  }

  @Test
  void shouldReportTheGenerationThatIsLiveAndFollowASwitch() {
    LiveGenerations generations = new LiveGenerations(database.jdbi());
    GenerationStore store = new GenerationStore();
    long before = generations.liveGeneration("rag");

    int built = database.jdbi().inTransaction(h -> store.startBuilding(h, "rag", "beginning", 0));
    database.jdbi().useTransaction(h -> store.switchLive(h, "rag", built, Duration.ofMinutes(10)));

    assertThat(before).isEqualTo(1);
    assertThat(generations.liveGeneration("rag")).isEqualTo(built).isEqualTo(2);
  }

  @Test
  void shouldTreatAProjectionWithoutGenerationsAsGenerationOne() {
    assertThat(new LiveGenerations(database.jdbi()).liveGeneration("agents")).isEqualTo(1);
  }
}
