package io.tributary.platform.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.embedded.EmbeddedKafka;
import io.tributary.embedded.testing.EmbeddedKafkaExtension;
import io.tributary.embedded.testing.EmbeddedPostgresExtension;
import io.tributary.embedded.testing.TestDatabase;
import io.tributary.platform.config.SettingsLoader;
import io.tributary.projections.db.Database;
import io.tributary.projections.db.Migrations;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import picocli.CommandLine;

/** {@code tributary lag} against a real broker and Postgres. */
@Tag("integration")
@ExtendWith({EmbeddedKafkaExtension.class, EmbeddedPostgresExtension.class})
class LagCommandTest {

  @Test
  void shouldBeASubcommandOfTributary() {
    assertThat(io.tributary.platform.Tributary.commandLine().getSubcommands()).containsKey("lag");
  }

  @Test
  void shouldPrintTheLagOfAGroupAsATable(EmbeddedKafka kafka, TestDatabase db) {
    // Given: a group 3 records behind on a fresh topic
    String topic = "lag-cli-" + UUID.randomUUID();
    String group = "lag-cli-" + UUID.randomUUID();
    kafka.createTopics(1, topic);
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.<String, Object>of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()), new StringSerializer(),
        new StringSerializer())) {
      for (int i = 0; i < 5; i++) {
        producer.send(new ProducerRecord<>(topic, "k", "v" + i));
      }
    }
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.<String, Object>of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(), ConsumerConfig.GROUP_ID_CONFIG, group),
        new StringDeserializer(), new StringDeserializer())) {
      consumer.commitSync(Map.of(new TopicPartition(topic, 0), new OffsetAndMetadata(2)));
    }
    try (Database database = new Database(db.jdbcUrl())) {
      Migrations.apply(database.dataSource());
    }
    LagCommand command = new LagCommand();
    command.settingsSource = () -> SettingsLoader.load(Map.of(
        "KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(), "DATABASE_URL", db.jdbcUrl()));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();

    // When
    int exit = new CommandLine(command).setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
        .execute("--group", group);
    int unknown = new CommandLine(command).setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
        .execute("--group", "no-such-group");

    // Then
    assertThat(exit).as(err.toString()).isZero();
    List<String> lines = out.toString().lines().toList();
    assertThat(lines.get(0)).startsWith("GROUP");
    assertThat(lines.get(1)).startsWith(group).contains("consumer", " 3 ", "Empty/0");
    assertThat(lines.get(2)).contains(topic, " 2 ", " 5 ", " 3 ");
    System.out.print(out);
    assertThat(unknown).isEqualTo(1);
    assertThat(err.toString()).contains("no consumer group 'no-such-group'");
  }
}
