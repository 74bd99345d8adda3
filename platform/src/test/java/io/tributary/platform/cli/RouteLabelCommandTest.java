package io.tributary.platform.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.embedded.EmbeddedKafka;
import io.tributary.embedded.testing.EmbeddedKafkaExtension;
import io.tributary.platform.Tributary;
import io.tributary.platform.cli.sources.LabelFile;
import io.tributary.schemas.agents.AgentCatalogue;
import io.tributary.schemas.agents.AgentScoring;
import io.tributary.schemas.agents.IntentLabel;
import io.tributary.schemas.agents.LabelSettings;
import io.tributary.schemas.agents.LabelSnapshot;
import io.tributary.schemas.kafka.KafkaClients;
import io.tributary.schemas.topics.TopicLayout;
import io.tributary.schemas.topics.TopicProvisioner;
import io.tributary.schemas.topics.Topics;
import io.tributary.streams.intents.ActiveCatalogue;
import io.tributary.streams.intents.LabelLog;
import io.tributary.streams.intents.LabelSnapshotLog;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The label loop of ADR 0029 from the command line, on a real broker: import, withdraw, snapshot,
 * list, and publish a catalogue that names a snapshot. The broker is shared with other tests, so
 * every test labels its own tenants and looks at those only.
 */
@Tag("integration")
@ExtendWith(EmbeddedKafkaExtension.class)
class RouteLabelCommandTest {

  private static final Pattern SNAPSHOT_ID = Pattern.compile("ls-[0-9a-f]{12}");
  private static final Duration READ = Duration.ofSeconds(30);

  private final EmbeddedKafka kafka;
  private final KafkaClients clients;

  RouteLabelCommandTest(EmbeddedKafka kafka) {
    this.kafka = kafka;
    this.clients = KafkaClients.plaintext(kafka.bootstrapServers());
  }

  @BeforeEach
  void topics() {
    provision(kafka);
  }

  private static void provision(EmbeddedKafka broker) {
    try (Admin admin = Admin.create(Map.<String, Object>of(
        AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
      new TopicProvisioner(admin, new TopicLayout(3, (short) 1), Duration.ofSeconds(30)).ensure(Topics.all());
    }
  }

  @Test
  void shouldImportTheLabelsOfTwoTenantsUnderTheirKeysAndReplaceThemWhenImportedAgain(@TempDir Path dir)
      throws Exception {
    // Given
    String acme = tenant("acme");
    String globex = tenant("globex");
    Path file = dir.resolve("labels.jsonl");
    Files.writeString(file, """
        {"text": "Where is my parcel?", "agent": "shipping"}
        {"text": "I was charged twice", "agent": "billing", "id": "m-17"}

        {"text": "Refund please", "agent": "billing", "tenant": "%s"}
        """.formatted(globex));

    // When
    Run first = run("route-label", "import", file.toString(), "--tenant", acme);
    Run again = run("route-label", "import", file.toString(), "--tenant", acme);

    // Then
    assertThat(first.exit()).as(first.err()).isZero();
    assertThat(again.exit()).as(again.err()).isZero();
    assertThat(first.out()).contains("3 label(s) from " + file + " written to agents.labels.v1")
        .containsPattern(Pattern.quote(acme) + " +billing +1\n")
        .containsPattern(Pattern.quote(acme) + " +shipping +1\n")
        .containsPattern(Pattern.quote(globex) + " +billing +1\n");
    assertThat(labelsOf(acme, globex)).extracting(IntentLabel::key, IntentLabel::agent, IntentLabel::source)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple(IntentLabel.key(acme, LabelFile.importId(acme, "Where is my parcel?")),
                "shipping", IntentLabel.IMPORT),
            org.assertj.core.groups.Tuple.tuple(IntentLabel.key(acme, "m-17"), "billing", IntentLabel.IMPORT),
            org.assertj.core.groups.Tuple.tuple(IntentLabel.key(globex, LabelFile.importId(globex, "Refund please")),
                "billing", IntentLabel.IMPORT));
  }

  @Test
  void shouldRefuseAFileWithBadLinesNamingEachAndWriteNothing(@TempDir Path dir) throws Exception {
    // Given
    String acme = tenant("acme");
    Path file = dir.resolve("labels.jsonl");
    Files.writeString(file, """
        {"text": "Where is my parcel?", "agent": "shipping"}
        {"text": "   ", "agent": "billing"}
        {"text": "Refund please", "agent": "billing"
        {"text": "Reset my password", "agent": "Account Team"}
        {"text": "Reset my password", "agent": "account"}
        """);

    // When
    Run run = run("route-label", "import", file.toString(), "--tenant", acme);

    // Then
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains(file + ":2: ", file + ":3: not well-formed JSON", file + ":4: ",
        file + ": 3 bad line(s); nothing was written").doesNotContain(file + ":1:", file + ":5:");
    assertThat(labelsOf(acme)).isEmpty();
  }

  @Test
  void shouldWithdrawLabelsByIdOrByTheTextOfAnImportedLine(@TempDir Path dir) throws Exception {
    // Given
    String acme = tenant("acme");
    Path file = dir.resolve("labels.jsonl");
    Files.writeString(file, """
        {"text": "Where is my parcel?", "agent": "shipping"}
        {"text": "I was charged twice", "agent": "billing", "id": "m-17"}
        {"text": "Reset my password", "agent": "account"}
        """);
    assertThat(run("route-label", "import", file.toString(), "--tenant", acme).exit()).isZero();

    // When
    Run run = run("route-label", "withdraw", "--tenant", acme, "m-17", "--text", "Where is my parcel?");

    // Then
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out()).contains("2 label(s) of tenant " + acme + " withdrawn");
    assertThat(labelsOf(acme)).extracting(IntentLabel::text).containsExactly("Reset my password");
  }

  @Test
  void shouldWriteASnapshotPartPerTenantUnderAnIdThatTheSameLabelsGiveAgain(@TempDir Path dir) throws Exception {
    // Given
    String acme = tenant("acme");
    String globex = tenant("globex");
    importLabels(dir, acme, globex);

    // When
    Run dryRun = run("route-label", "snapshot", "--dry-run");
    String dryId = snapshotId(dryRun);
    Map<String, LabelSnapshot> afterDryRun = new LabelSnapshotLog(clients).parts(List.of(dryId), READ);
    Run first = run("route-label", "snapshot");
    Run second = run("route-label", "snapshot");
    Run list = run("route-label", "snapshots");

    // Then
    assertThat(afterDryRun).isEmpty();
    assertThat(dryRun.out()).contains("dry run: nothing written");
    String id = snapshotId(first);
    assertThat(id).isEqualTo(dryId).isEqualTo(snapshotId(second));
    assertThat(first.out()).containsPattern(Pattern.quote(acme) + " +billing +2\n")
        .containsPattern("left out: \\d+ older than 180 days").contains("route-publish --labels " + id);
    Map<String, LabelSnapshot> parts = new LabelSnapshotLog(clients).parts(List.of(id), READ);
    assertThat(parts).containsKeys(LabelSnapshot.key(id, acme), LabelSnapshot.key(id, globex));
    assertThat(parts.get(LabelSnapshot.key(id, acme)).examples()).extracting(e -> e.agent() + ": " + e.text())
        .containsExactly("billing: I was charged twice", "billing: Refund my payment", "shipping: Where is my parcel?");
    assertThat(parts.get(LabelSnapshot.key(id, globex)).examples()).hasSize(1);
    assertThat(list.exit()).as(list.err()).isZero();
    assertThat(list.out())
        .containsPattern(id + " .*" + Pattern.quote(acme + " 3") + ".*" + Pattern.quote(globex + " 1"));
  }

  @Test
  void shouldPublishACatalogueNamingASnapshotAndRefuseAnUnknownOne(@TempDir Path dir) throws Exception {
    // Given
    importLabels(dir, tenant("acme"), tenant("globex"));
    String id = snapshotId(run("route-label", "snapshot"));
    Path catalogue = dir.resolve("catalogue.json");
    Files.writeString(catalogue, """
        {"min_confidence": 0.25, "scoring": "classifier",
         "agents": [{"name": "shipping", "description": "Deliveries", "examples": ["Where is my package?"]},
                    {"name": "billing", "description": "Invoices", "examples": ["Refund my payment"]}]}
        """);

    // When
    Run unknown = run("route-publish", "--catalogue", catalogue.toString(), "--labels", "ls-000000000000");
    Run published = run("route-publish", "--catalogue", catalogue.toString(), "--labels", id);
    AgentCatalogue withLabels = active();
    Run listed = run("route-label", "snapshots");
    Run withdrawn = run("route-publish", "--labels", "none");
    AgentCatalogue withoutLabels = active();

    // Then
    assertThat(unknown.exit()).isEqualTo(2);
    assertThat(unknown.err()).contains("no label snapshot ls-000000000000 on agents.label-snapshots.v1");
    assertThat(published.exit()).as(published.err()).isZero();
    assertThat(withLabels.labels()).isEqualTo(new LabelSettings(id, 10, 0.5, 0.25, Map.of()));
    assertThat(published.out()).contains("catalogue " + withLabels.version() + " with 2 agents is active, labels "
        + id + " (k 10, weight 0.50)");
    assertThat(listed.out()).containsPattern(id + " .* active\n")
        .contains("active catalogue " + withLabels.version() + " routes with " + id);
    assertThat(withdrawn.exit()).as(withdrawn.err()).isZero();
    assertThat(withoutLabels.labels()).isNull();
    assertThat(withoutLabels.agents()).isEqualTo(withLabels.agents());
    assertThat(withoutLabels.scoring()).as("the active catalogue's scoring is kept").isEqualTo(AgentScoring.CLASSIFIER);
    assertThat(withdrawn.out()).contains("no labels", "previously: catalogue " + withLabels.version());
  }

  @Test
  void shouldPruneAllButTheNewestSnapshotsAndTheOneTheActiveCatalogueRoutesWith(@TempDir Path dir)
      throws Exception {
    // Given three snapshots, each of more labels, and a catalogue routing with the oldest
    String acme = tenant("acme");
    importLabels(dir, acme, tenant("globex"));
    String oldest = snapshotId(run("route-label", "snapshot"));
    importLabels(dir, tenant("initech"), tenant("umbrella"));
    String middle = snapshotId(run("route-label", "snapshot"));
    importLabels(dir, tenant("hooli"), tenant("vehement"));
    String newest = snapshotId(run("route-label", "snapshot"));
    Path catalogue = dir.resolve("catalogue.json");
    Files.writeString(catalogue, """
        {"agents": [{"name": "shipping", "description": "Deliveries", "examples": ["Where is my package?"]},
                    {"name": "billing", "description": "Invoices", "examples": ["Refund my payment"]}]}
        """);
    Run published = run("route-publish", "--catalogue", catalogue.toString(), "--labels", oldest);
    assertThat(published.exit()).as(published.err()).isZero();

    // When
    Run dryRun = run("route-label", "prune", "--keep", "1", "--dry-run");
    boolean middleAfterDryRun = !new LabelSnapshotLog(clients).parts(List.of(middle), READ).isEmpty();
    Run pruned = run("route-label", "prune", "--keep", "1");
    Run refused = run("route-label", "prune", "--keep", "0");

    // Then
    assertThat(dryRun.exit()).as(dryRun.err()).isZero();
    assertThat(dryRun.out()).contains("\n  " + middle + "  ", "dry run: nothing written")
        .doesNotContain("\n  " + oldest, "\n  " + newest);
    assertThat(middleAfterDryRun).isTrue();
    assertThat(pruned.exit()).as(pruned.err()).isZero();
    assertThat(pruned.out()).contains("keeping the 1 newest and " + oldest + " (active)", "tombstone(s) written");
    Map<String, LabelSnapshot> left = new LabelSnapshotLog(clients).parts(List.of(oldest, middle, newest), READ);
    assertThat(left.keySet()).extracting(key -> key.substring(0, key.indexOf('/'))).contains(oldest, newest)
        .doesNotContain(middle);
    assertThat(left).containsKey(LabelSnapshot.key(oldest, acme));
    assertThat(new LabelSnapshotLog(clients).list(READ)).extracting(LabelSnapshotLog.Summary::snapshot)
        .containsExactly(newest, oldest);
    assertThat(refused.exit()).isEqualTo(2);
    assertThat(refused.err()).contains("--keep: keep at least the newest snapshot");
  }

  @Test
  @Tag("scale")
  void shouldSnapshotTensOfThousandsOfLabelsWithinThePerAgentBoundAndOneRecordPerTenant(@TempDir Path dir)
      throws Exception {
    // Given 32,000 labels of one tenant, 320 for each of 100 agents and about 330 bytes each: over
    // the bound of 300 per agent, and still over one record's 8 MiB after it; and a small tenant
    String big = tenant("bigco");
    String small = tenant("smallco");
    Path file = dir.resolve("many.jsonl");
    String padding = " please route this to the right team".repeat(8);
    try (var out = Files.newBufferedWriter(file)) {
      for (int i = 0; i < 32_000; i++) {
        out.write("{\"text\": \"request " + i + padding + "\", \"agent\": \"agent-" + (i % 100) + "\"}\n");
      }
      out.write("{\"text\": \"Refund please\", \"agent\": \"billing\", \"tenant\": \"" + small + "\"}\n");
    }
    // On a broker of its own: the other tests' snapshots would each carry these 32,000 labels.
    try (EmbeddedKafka own = EmbeddedKafka.startTemporary()) {
      provision(own);
      Run imported = runOn(own, "route-label", "import", file.toString(), "--tenant", big);
      assertThat(imported.exit()).as(imported.err()).isZero();

      // When
      Run snapshot = runOn(own, "route-label", "snapshot");

      // Then
      assertBounded(snapshot, KafkaClients.plaintext(own.bootstrapServers()), big, small);
    }
  }

  /** The part keeps what the bound allows, less the oldest labels that would not fit one record. */
  private static void assertBounded(Run snapshot, KafkaClients clients, String big, String small) throws Exception {
    String id = snapshotId(snapshot);
    Matcher leftOut = Pattern.compile("(\\d+) beyond 300 per agent, (\\d+) beyond the 8 MiB part").matcher(snapshot.out());
    assertThat(leftOut.find()).as(snapshot.out()).isTrue();
    assertThat(Integer.parseInt(leftOut.group(1))).isEqualTo(2_000);
    int overSize = Integer.parseInt(leftOut.group(2));
    assertThat(overSize).isPositive();
    Map<String, LabelSnapshot> parts = new LabelSnapshotLog(clients).parts(List.of(id), READ);
    LabelSnapshot bigPart = parts.get(LabelSnapshot.key(id, big));
    assertThat(bigPart.examples()).hasSizeBetween(20_000, 30_000 - overSize);
    assertThat(bigPart.examples().stream().collect(java.util.stream.Collectors.groupingBy(e -> e.agent(),
        java.util.stream.Collectors.counting())).values()).allMatch(n -> n <= 300);
    assertThat(io.tributary.schemas.json.Json.mapper().writeValueAsBytes(bigPart).length)
        .isLessThanOrEqualTo(Topics.LABEL_SNAPSHOT_MAX_MESSAGE_BYTES);
    assertThat(parts.get(LabelSnapshot.key(id, small)).examples()).as("one tenant's size never costs another labels")
        .extracting(e -> e.text()).containsExactly("Refund please");
  }

  private void importLabels(Path dir, String acme, String globex) throws Exception {
    Path file = dir.resolve("snapshot-labels.jsonl");
    Files.writeString(file, """
        {"text": "Where is my parcel?", "agent": "shipping"}
        {"text": "I was charged twice", "agent": "billing"}
        {"text": "Refund my payment", "agent": "billing"}
        {"text": "Refund please", "agent": "billing", "tenant": "%s"}
        """.formatted(globex));
    Run run = run("route-label", "import", file.toString(), "--tenant", acme);
    assertThat(run.exit()).as(run.err()).isZero();
  }

  private static String tenant(String name) {
    return name + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  private List<IntentLabel> labelsOf(String... tenants) {
    List<String> wanted = List.of(tenants);
    return new LabelLog(clients).read(READ).labels().stream().filter(l -> wanted.contains(l.tenant())).toList();
  }

  private AgentCatalogue active() {
    return new ActiveCatalogue(clients).read(READ).orElseThrow();
  }

  private static String snapshotId(Run run) {
    assertThat(run.exit()).as(run.err()).isZero();
    Matcher id = SNAPSHOT_ID.matcher(run.out());
    assertThat(id.find()).as(run.out()).isTrue();
    return id.group();
  }

  private Run run(String... args) {
    return runOn(kafka, args);
  }

  private static Run runOn(EmbeddedKafka broker, String... args) {
    CommandLine cli = Tributary.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    String[] withBroker = java.util.stream.Stream.concat(java.util.Arrays.stream(args),
        java.util.stream.Stream.of("--bootstrap-servers", broker.bootstrapServers())).toArray(String[]::new);
    int exit = cli.execute(withBroker);
    return new Run(exit, out.toString(), err.toString());
  }

  private record Run(int exit, String out, String err) {}
}
