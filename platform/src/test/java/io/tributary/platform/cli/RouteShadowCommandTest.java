package io.tributary.platform.cli;

import io.tributary.platform.cli.sources.LabelledFiles;
import io.tributary.platform.cli.sources.AgentLog;
import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.embedded.EmbeddedKafka;
import io.tributary.embedded.testing.EmbeddedKafkaExtension;
import io.tributary.platform.Tributary;
import io.tributary.schemas.agents.AgentMessage;
import io.tributary.schemas.kafka.KafkaClients;
import io.tributary.schemas.topics.TopicLayout;
import io.tributary.schemas.topics.TopicProvisioner;
import io.tributary.schemas.topics.Topics;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

@Tag("integration")
@ExtendWith(EmbeddedKafkaExtension.class)
class RouteShadowCommandTest {

  @Test
  void shouldPrintHowLoggedMessagesWouldMoveToACandidateCatalogue(EmbeddedKafka kafka, @TempDir Path dir)
      throws Exception {
    try (Admin admin = Admin.create(Map.<String, Object>of(
        AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
      new TopicProvisioner(admin, new TopicLayout(3, (short) 1), Duration.ofSeconds(30)).ensure(Topics.all());
    }
    String conversation = "shadow-" + UUID.randomUUID();
    try (KafkaProducer<String, AgentMessage> producer = new KafkaProducer<>(Map.<String, Object>of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
        Topics.AGENTS_MESSAGES.keySerde().serializer(), Topics.AGENTS_MESSAGES.valueSerde().serializer())) {
      producer.send(new ProducerRecord<>(Topics.AGENTS_MESSAGES.name(), conversation,
          new AgentMessage("m1", "shadow", "u", "My parcel still has not arrived", null))).get();
    }
    Path active = dir.resolve("active.json");
    Files.writeString(active, """
        {"agents": [{"name": "shipping", "description": "Deliveries", "examples": ["Where is my package?"]},
                    {"name": "billing", "description": "Invoices", "examples": ["Refund my payment"]}]}
        """);
    Path candidate = dir.resolve("candidate.json");
    Files.writeString(candidate, """
        {"agents": [{"name": "courier", "description": "Deliveries", "examples": ["Where is my package?"]},
                    {"name": "billing", "description": "Invoices", "examples": ["Refund my payment"]}]}
        """);
    CommandLine cli = Tributary.commandLine();
    StringWriter out = new StringWriter();
    cli.setOut(new PrintWriter(out));

    int exit = cli.execute("route-shadow", "--bootstrap-servers", kafka.bootstrapServers(),
        "--catalogue", candidate.toString(), "--active", active.toString());

    assertThat(exit).isZero();
    assertThat(out.toString()).contains("shipping -> courier", "e.g. \"My parcel still has not arrived\"");
  }

  @Test
  void shouldPublishACatalogueThatBecomesTheActiveOne(EmbeddedKafka kafka, @TempDir Path dir) throws Exception {
    try (Admin admin = Admin.create(Map.<String, Object>of(
        AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
      new TopicProvisioner(admin, new TopicLayout(3, (short) 1), Duration.ofSeconds(30)).ensure(Topics.all());
    }
    Path file = dir.resolve("catalogue.json");
    Files.writeString(file, "{\"agents\": [{\"name\": \"courier-" + UUID.randomUUID().toString().substring(0, 8)
        + "\", \"description\": \"Deliveries\"}]}");
    CommandLine cli = Tributary.commandLine();
    cli.setOut(new PrintWriter(new StringWriter()));

    int exit = cli.execute("route-publish", "--bootstrap-servers", kafka.bootstrapServers(),
        "--catalogue", file.toString());

    assertThat(exit).isZero();
    var expected = LabelledFiles.catalogue(file.toString());
    assertThat(new AgentLog(KafkaClients.plaintext(kafka.bootstrapServers())).activeCatalogue()).hasValueSatisfying(active -> {
      assertThat(active.version()).isEqualTo(expected.version());
      assertThat(active.agents()).isEqualTo(expected.agents());
    });
  }
}
