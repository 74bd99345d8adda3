package io.tributary.embedded.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.tributary.embedded.EmbeddedKafka;
import io.tributary.embedded.EmbeddedPostgres;
import io.tributary.embedded.EmbeddedRedis;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@Tag("integration")
@ExtendWith({EmbeddedKafkaExtension.class, EmbeddedPostgresExtension.class, EmbeddedRedisExtension.class})
class ExtensionsTest {

  private final TestDatabase database;

  ExtensionsTest(TestDatabase database) {
    this.database = database;
  }

  @Test
  void shouldInjectTheSameSharedInstancesEverywhere(EmbeddedKafka kafka, EmbeddedPostgres pg, EmbeddedRedis redis,
      EmbeddedKafka kafkaAgain) {
    assertThat(kafkaAgain).isSameAs(kafka);
    assertThat(kafka.bootstrapServers()).startsWith("127.0.0.1:");
    assertThat(pg.jdbcUrl()).startsWith("jdbc:postgresql://127.0.0.1:");
    assertThat(redis.uri()).startsWith("redis://127.0.0.1:");
  }

  @Test
  void shouldGiveTheTestClassItsOwnDatabase(TestDatabase sameClassDatabase) throws Exception {
    assertThat(sameClassDatabase).isEqualTo(database);
    assertThat(database.name()).startsWith("t_extensionstest_");
    try (Connection connection = DriverManager.getConnection(database.jdbcUrl());
        ResultSet result = connection.createStatement().executeQuery("SELECT current_database()")) {
      result.next();
      assertThat(result.getString(1)).isEqualTo(database.name());
    }
  }

  @Test
  void shouldServeRedisCommands(EmbeddedRedis redis) {
    RedisClient client = RedisClient.create(redis.uri());
    try (StatefulRedisConnection<String, String> connection = client.connect()) {
      connection.sync().set("extensions-test:key", "v");
      assertThat(connection.sync().get("extensions-test:key")).isEqualTo("v");
    } finally {
      client.shutdown();
    }
  }

  @Nested
  class NestedClass {

    @Test
    void shouldShareTheDatabaseOfTheTopLevelClass(TestDatabase nestedDatabase, EmbeddedPostgres pg) {
      assertThat(nestedDatabase).isEqualTo(database);
      assertThat(nestedDatabase.name()).startsWith("t_extensionstest_");
      assertThat(nestedDatabase.jdbcUrl()).startsWith("jdbc:postgresql://127.0.0.1:" + pg.port() + "/");
    }
  }
}
