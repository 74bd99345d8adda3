package io.tributary.platform.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.embedded.EmbeddedKafka;
import io.tributary.embedded.testing.EmbeddedKafkaExtension;
import io.tributary.ingestion.files.DocumentFileLoader;
import io.tributary.ingestion.submit.DocumentSubmitter;
import io.tributary.schemas.documents.SubmittedDocument;
import io.tributary.schemas.kafka.KafkaClients;
import io.tributary.schemas.topics.TopicLayout;
import io.tributary.schemas.topics.TopicProvisioner;
import io.tributary.schemas.topics.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import io.tributary.schemas.documents.ContentHash;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@Tag("integration")
@ExtendWith(EmbeddedKafkaExtension.class)
class BulkIngestTest {

  @Test
  void shouldSubmitEveryReadableFileAndReportEachFailureWithoutStopping(EmbeddedKafka kafka, @TempDir Path root)
      throws Exception {
    Files.writeString(root.resolve("a.md"), "# A\n\nAlpha.");
    Files.writeString(root.resolve("b.txt"), "Beta.");
    Files.write(root.resolve("broken.md"), new byte[] {'#', ' ', (byte) 0xC3, (byte) 0x28});
    Files.writeString(root.resolve("c.html"), "<p>Gamma.</p>");
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
      new TopicProvisioner(admin, new TopicLayout(3, (short) 1), Duration.ofSeconds(30)).ensure(Topics.all());
    }
    DocumentFileLoader loader = new DocumentFileLoader("acme", Clock.systemUTC());
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    String clientId = "ingest-" + UUID.randomUUID();

    BulkIngest.Report report;
    try (DocumentSubmitter submitter = DocumentSubmitter.connect(KafkaClients.plaintext(kafka.bootstrapServers()), clientId)) {
      report = new BulkIngest(loader, submitter).run(
          List.of(root + "/*.md", root + "/*.txt", root + "/*.html", root + "/*.pdf"),
          total -> new IngestProgress(new PrintStream(err, true, StandardCharsets.UTF_8), false, System::nanoTime, total));
    }

    assertThat(report.submitted()).hasSize(3);
    assertThat(report.failures()).containsOnlyKeys(root.resolve("broken.md").toString(), root + "/*.pdf");
    SubmittedDocument alpha = loader.load(root, root.resolve("a.md"));
    assertThat(report.submitted()).containsEntry(alpha.id(), ContentHash.of(alpha));
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("4/4 files", "1 failed");
    // Records are keyed by tenant and id; other tests write to the same topic of the shared broker.
    List<String> expected = report.submitted().keySet().stream().map(id -> alpha.tenant() + "/" + id).toList();
    assertThat(submittedKeys(kafka, expected)).containsAll(expected);
  }

  private static List<String> submittedKeys(EmbeddedKafka kafka, List<String> expected) {
    Map<String, Object> config = Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
        ConsumerConfig.GROUP_ID_CONFIG, "bulk-ingest-test-" + UUID.randomUUID(),
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    List<String> keys = new ArrayList<>();
    try (KafkaConsumer<String, SubmittedDocument> consumer = new KafkaConsumer<>(config,
        Topics.DOCS_SUBMITTED.keySerde().deserializer(), Topics.DOCS_SUBMITTED.valueSerde().deserializer())) {
      consumer.subscribe(List.of(Topics.DOCS_SUBMITTED.name()));
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (!keys.containsAll(expected) && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(r -> keys.add(r.key()));
      }
    }
    return keys;
  }
}
