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

  @Test
  void shouldShowChangesOnlyForTheTenantWhoseLabelsChangeTheRoutes(EmbeddedKafka kafka, @TempDir Path dir)
      throws Exception {
    // Given: acme's second snapshot relabels parcel questions as billing; globex's labels stay as they were.
    try (Admin admin = Admin.create(Map.<String, Object>of(
        AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
      new TopicProvisioner(admin, new TopicLayout(3, (short) 1), Duration.ofSeconds(30)).ensure(Topics.all());
    }
    String acme = "acme-" + UUID.randomUUID().toString().substring(0, 8);
    String globex = "globex-" + UUID.randomUUID().toString().substring(0, 8);
    Path before = dir.resolve("before.jsonl");
    Files.writeString(before, """
        {"text": "I was charged twice", "agent": "billing"}
        {"text": "Where is my parcel?", "agent": "shipping", "tenant": "%s"}
        """.formatted(globex));
    Path after = dir.resolve("after.jsonl");
    StringBuilder parcels = new StringBuilder();
    for (String text : new String[] {"My parcel has not arrived", "Where is my parcel?", "The parcel is late",
        "My parcel never came", "Parcel still missing", "I am waiting for my parcel", "Has my parcel shipped?",
        "My parcel did not arrive yet", "No sign of my parcel", "When will my parcel arrive?"}) {
      parcels.append("{\"text\": \"").append(text).append("\", \"agent\": \"billing\"}\n");
    }
    Files.writeString(after, parcels);
    String bootstrap = kafka.bootstrapServers();
    assertThat(Tributary.commandLine().execute("route-label", "import", before.toString(), "--tenant", acme,
        "--bootstrap-servers", bootstrap)).isZero();
    String first = snapshot(bootstrap);
    assertThat(Tributary.commandLine().execute("route-label", "import", after.toString(), "--tenant", acme,
        "--bootstrap-servers", bootstrap)).isZero();
    String second = snapshot(bootstrap);
    try (KafkaProducer<String, AgentMessage> producer = new KafkaProducer<>(Map.<String, Object>of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
        Topics.AGENTS_MESSAGES.keySerde().serializer(), Topics.AGENTS_MESSAGES.valueSerde().serializer())) {
      for (String tenant : new String[] {acme, globex}) {
        producer.send(new ProducerRecord<>(Topics.AGENTS_MESSAGES.name(), "shadow-" + UUID.randomUUID(),
            new AgentMessage("m1", tenant, "u", "My parcel still has not arrived", null))).get();
      }
    }
    Path catalogue = dir.resolve("catalogue.json");
    Files.writeString(catalogue, """
        {"agents": [{"name": "shipping", "description": "Deliveries", "examples": ["Where is my package?"]},
                    {"name": "billing", "description": "Invoices", "examples": ["Refund my payment"]}],
         "labels": {"snapshot": "%s"}}
        """.formatted(first));
    CommandLine cli = Tributary.commandLine();
    StringWriter out = new StringWriter();
    cli.setOut(new PrintWriter(out));

    // When: the same catalogue, with the second snapshot as the candidate.
    int exit = cli.execute("route-shadow", "--bootstrap-servers", bootstrap, "--active", catalogue.toString(),
        "--catalogue", catalogue.toString(), "--labels", second, "--max", "2");

    // Then
    assertThat(exit).isZero();
    assertThat(out.toString())
        .contains("(labels " + first + "), candidate", "(labels " + second + ")", "shipping -> billing")
        .containsPattern(acme + " +1 +1\n")
        .containsPattern(globex + " +1 +0\n")
        .contains("e.g. \"My parcel still has not arrived\" (tenant " + acme + ")");
  }

  private static String snapshot(String bootstrap) {
    CommandLine cli = Tributary.commandLine();
    StringWriter out = new StringWriter();
    cli.setOut(new PrintWriter(out));
    assertThat(cli.execute("route-label", "snapshot", "--bootstrap-servers", bootstrap)).isZero();
    java.util.regex.Matcher id = java.util.regex.Pattern.compile("ls-[0-9a-f]{12}").matcher(out.toString());
    assertThat(id.find()).as(out.toString()).isTrue();
    return id.group();
  }
}
