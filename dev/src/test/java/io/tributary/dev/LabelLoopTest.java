package io.tributary.dev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.embedded.EmbeddedKafka;
import io.tributary.embedded.EmbeddedRedis;
import io.tributary.embedded.testing.EmbeddedKafkaExtension;
import io.tributary.embedded.testing.EmbeddedPostgresExtension;
import io.tributary.embedded.testing.EmbeddedRedisExtension;
import io.tributary.embedded.testing.TestDatabase;
import io.tributary.platform.config.SettingsLoader;
import io.tributary.platform.roles.CatalogueSetup;
import io.tributary.schemas.agents.AgentCatalogue;
import io.tributary.schemas.agents.RoutingDecision;
import io.tributary.schemas.json.Json;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The label loop of ADR 29 on the whole stack: an operator corrects a route through the API and
 * imports a labelled file, sees in shadow what would change, publishes, and the router gets measurably
 * better on held-out messages of that tenant, by that tenant's labels only; decisions name their
 * snapshot, replay from the topics alone, and publishing {@code none} rolls back. The broker is shared
 * with other tests: every tenant here is new, and only these tenants are looked at.
 */
@Tag("integration")
@ExtendWith({EmbeddedKafkaExtension.class, EmbeddedPostgresExtension.class, EmbeddedRedisExtension.class})
class LabelLoopTest {

  private static final Duration ROUTED = Duration.ofSeconds(30);
  private static final Pattern SNAPSHOT_ID = Pattern.compile("ls-[0-9a-f]{12}");
  private static final Pattern PUBLISHED = Pattern.compile("catalogue ([0-9a-f]{12}) with \\d+ agents is active");
  private static final String HR = "hr";

  /** What tenant A's operator corrects: the sample catalogue knows nothing of team offsites. */
  private static final String CORRECTED = "Can we organise camel rides for our team offsite?";

  /** Tenant A's labelled file: team-offsite camel rides are HR's, and a few lines no agent should take. */
  private static final List<String> IMPORTED_HR = List.of(
      "Camel rides for the team offsite",
      "Who signs off on the camel trek at our team retreat?",
      "Is the desert camel ride part of the company offsite?",
      "Add a camel safari to the team building day",
      "Can partners join the camel ride at the offsite?",
      "What should staff wear for the offsite camel excursion?",
      "Our department wants a camel ride as the team outing",
      "Is the camel trek at the retreat mandatory for employees?",
      "Sign me up for the camel ride at the team building event",
      "Budget for the team offsite camel tour",
      "The offsite agenda lists a camel ride: who organises it?",
      "Can I skip the camel riding activity at the staff retreat?");
  private static final List<String> IMPORTED_DEFAULT = List.of(
      "What is the capital of Mongolia?",
      "Tell me a joke about penguins",
      "How do I bake sourdough bread?");
  /** Labels of tenant A: the corrected route and the file. */
  private static final int LABELS = 1 + IMPORTED_HR.size() + IMPORTED_DEFAULT.size();

  /** Held out (none is labelled): text, and the agent tenant A wants it routed to. */
  private static final Map<String, String> HELD_OUT = heldOut();

  private static DevStack stack;
  private static AgentCatalogue sample;

  private static Map<String, String> heldOut() {
    Map<String, String> heldOut = new LinkedHashMap<>();
    heldOut.put("Are dromedary rides included in the company retreat programme?", HR);
    heldOut.put("I would like to opt out of the camel excursion during our team away day", HR);
    heldOut.put("Who is in charge of arranging the camel trekking for the staff offsite?", HR);
    heldOut.put("Can contractors take part in the camel safari at the team event?", HR);
    heldOut.put("Is there a weight limit for the camel ride on the offsite?", HR);
    heldOut.put("Will the camel outing at the retreat happen in the morning?", HR);
    // Controls: what the catalogue already routes well must stay where it is.
    heldOut.put("Reserve a hotel room in Boston for the sales conference", "travel");
    heldOut.put("I was billed twice for my subscription this month", "billing");
    return heldOut;
  }

  @BeforeAll
  static void start(EmbeddedKafka kafka, TestDatabase db, EmbeddedRedis redis) throws Exception {
    Path home = Files.createTempDirectory("tributary-labels");
    Map<String, String> environment = Map.of(
        "KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(), "DATABASE_URL", db.jdbcUrl(), "REDIS_URL", redis.uri());
    Map<String, String> all = new HashMap<>(environment);
    all.put("TRIBUTARY_API_HOST", "127.0.0.1");
    all.put("TRIBUTARY_API_PORT", "0");
    all.put("TRIBUTARY_TENANT", "labels");
    all.put("TRIBUTARY_HOME", home.toString());
    all.put("TRIBUTARY_STREAMS_APPLICATION_ID", "labels-" + UUID.randomUUID());
    stack = DevStack.start(SettingsLoader.load(all), home, environment);
    // Other tests on the shared broker publish catalogues of their own: start from the sample, no labels.
    sample = CatalogueSetup.configured(stack.settings());
    CatalogueSetup.publish(stack.settings(), sample);
  }

  @AfterAll
  static void stop() {
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void shouldRouteATenantsHeldOutMessagesBetterOnceItsLabelsArePublishedAndNoOtherTenantsByThem(
      @TempDir Path dir) throws Exception {
    String a = tenant("label-a");
    String b = tenant("label-b");
    IntentsClient apiA = client(a);
    IntentsClient apiB = client(b);
    List<String> texts = Stream.concat(Stream.of(CORRECTED), HELD_OUT.keySet().stream()).toList();

    // Given: both tenants send the same messages, and the catalogue alone routes them alike, the
    // offsite camel ride anywhere but to hr
    awaitRoutersUse(sample.version());
    List<IntentsClient.Sent> sentA = apiA.send(texts);
    List<IntentsClient.Sent> sentB = apiB.send(texts);
    List<JsonNode> beforeA = apiA.routed(sentA);
    List<JsonNode> beforeB = apiB.routed(sentB);
    String corrected = sentA.getFirst().messageId();
    String misrouted = beforeA.getFirst().path("agent").asText();
    assertThat(agents(beforeA)).isEqualTo(agents(beforeB));
    assertThat(misrouted).as("the sample catalogue's route of: " + CORRECTED).isNotEqualTo(HR);
    assertThat(beforeA).extracting(turn -> turn.path("catalogue_version").asText()).containsOnly(sample.version());

    // When: A's operator corrects the route through the API, B tries to label A's message, A imports a file
    HttpResponse<String> label = apiA.label(corrected, HR, CORRECTED);
    HttpResponse<String> foreign = apiB.label(corrected, HR, CORRECTED);
    Run imported = cli("route-label", "import", labelFile(dir).toString(), "--tenant", a);

    // Then
    assertThat(label.statusCode()).as(label.body()).isEqualTo(202);
    JsonNode accepted = Json.mapper().readTree(label.body());
    assertThat(List.of(accepted.path("tenant").asText(), accepted.path("message_id").asText(),
        accepted.path("agent").asText(), accepted.path("source").asText())).containsExactly(a, corrected, HR, "operator");
    assertThat(foreign.statusCode()).as(foreign.body()).isEqualTo(404);
    assertThat(imported.out()).contains((LABELS - 1) + " label(s) from");

    // When: the labels are frozen into a snapshot and replayed in shadow against the active catalogue
    Run snapshot = cli("route-label", "snapshot");
    String id = snapshotId(snapshot);
    Run shadow = cli("route-shadow", "--labels", id);

    // Then: the snapshot holds A's labels and none for B; the shadow shows A's corrected message moving to hr
    System.out.println("label loop: " + snapshot.out() + shadow.out());
    assertThat(snapshot.out()).containsPattern(Pattern.quote(a) + " +default +" + IMPORTED_DEFAULT.size() + "\n")
        .containsPattern(Pattern.quote(a) + " +hr +" + (IMPORTED_HR.size() + 1) + "\n").doesNotContain(b);
    assertThat(shadow.out()).contains("active catalogue " + sample.version() + " (no labels)", "(labels " + id + ")")
        .containsPattern(Pattern.quote(misrouted + " -> hr") + " +\\d+\n(      e\\.g\\. .*\n)*      e\\.g\\. \""
            + Pattern.quote(CORRECTED) + "\" \\(tenant " + Pattern.quote(a) + "\\)\n");
    assertThat(shadowRow(shadow, a)).as("messages and changes of A").startsWith(texts.size())
        .satisfies(row -> assertThat(row[1]).isPositive());
    // Whether B's changes are 0 is the disabled test's question.
    assertThat(shadowRow(shadow, b)).as("messages and changes of B").startsWith(texts.size());

    // When: the active catalogue is published again with the snapshot, and both send the held-out messages again
    Run published = cli("route-publish", "--labels", id);
    String labelled = catalogueVersion(published);
    awaitRoutersUse(labelled);
    List<String> heldOut = List.copyOf(HELD_OUT.keySet());
    List<IntentsClient.Sent> laterA = apiA.send(heldOut);
    List<IntentsClient.Sent> laterB = apiB.send(heldOut);
    List<JsonNode> afterA = apiA.routed(laterA);
    List<JsonNode> afterB = apiB.routed(laterB);

    // Then: every held-out message of A goes where A's operator wants it, with the published catalogue
    double accuracyBefore = accuracy(beforeA.subList(1, beforeA.size()));
    double accuracyAfter = accuracy(afterA);
    System.out.printf("label loop: held-out accuracy of %s %.3f without labels, %.3f with %s: %s -> %s%n", a,
        accuracyBefore, accuracyAfter, id, agents(beforeA.subList(1, beforeA.size())), agents(afterA));
    System.out.printf("label loop: %s, without labels of its own: %s -> %s%n", b,
        agents(beforeB.subList(1, beforeB.size())), agents(afterB));
    assertThat(published.out()).contains("labels " + id, "previously: catalogue " + sample.version());
    assertThat(agents(afterA)).isEqualTo(List.copyOf(HELD_OUT.values()));
    assertThat(accuracyAfter).isGreaterThan(accuracyBefore);
    assertThat(afterA).extracting(turn -> turn.path("catalogue_version").asText()).containsOnly(labelled);

    // And: on agents.routed.v1 A's decisions name the snapshot and an index with A's labels, B's an index
    // without them; the topics alone replay both, and B's come out the same with no tenant's labels at all
    int catalogueExamples = sample.agents().stream().mapToInt(agent -> agent.examples().size()).sum();
    List<RoutingDecision> decidedA = decisions(a, laterA);
    List<RoutingDecision> decidedB = decisions(b, laterB);
    assertThat(decidedA).extracting(RoutingDecision::labelSnapshot, RoutingDecision::labelExamples)
        .containsOnly(tuple(id, catalogueExamples + LABELS));
    assertThat(decidedB).as("B has no labels: none voted on its messages")
        .extracting(RoutingDecision::labelSnapshot, RoutingDecision::labelExamples).containsOnly(tuple("", 0));
    try (TopicReplay replay = TopicReplay.read(stack.settings(), id)) {
      Stream.concat(decidedA.stream(), decidedB.stream()).forEach(live -> assertSame(replay.withSnapshot(live), live));
      decidedB.forEach(live -> assertSame(replay.withoutAnyLabels(live), live));
    }

    // And: A's stats count its labels and judge the corrected decision; B's know of no label
    JsonNode statsA = await().atMost(ROUTED).pollInterval(Duration.ofMillis(200))
        .until(() -> apiA.stats().path("labels"), labels -> labels.path("judged").asLong() == 1
            && labels.path("per_agent").path(HR).asLong() == IMPORTED_HR.size() + 1);
    assertThat(statsA.path("per_agent").path("default").asLong()).isEqualTo(IMPORTED_DEFAULT.size());
    assertThat(statsA.path("accuracy").asDouble()).isZero();
    assertThat(statsA.path("confusion")).hasSize(1);
    assertThat(List.of(statsA.path("confusion").get(0).path("routed").asText(),
        statsA.path("confusion").get(0).path("labelled").asText(), statsA.path("confusion").get(0).path("count").asText()))
        .containsExactly(misrouted, HR, "1");
    JsonNode statsB = apiB.stats().path("labels");
    assertThat(statsB.path("per_agent").size() + statsB.path("judged").asLong() + statsB.path("confusion").size())
        .as(statsB.toString()).isZero();

    // When: labels are rolled back, and A sends the corrected text once more
    Run listed = cli("route-label", "snapshots");
    Run rolledBack = cli("route-publish", "--labels", "none");
    awaitRoutersUse(sample.version());
    List<IntentsClient.Sent> again = apiA.send(List.of(CORRECTED));
    JsonNode turn = apiA.routed(again).getFirst();

    // Then: the sample catalogue is active again, and the message routes as before, naming no snapshot
    assertThat(listed.out()).containsPattern(id + " .*" + Pattern.quote(a + " " + LABELS) + ".* active\n");
    assertThat(rolledBack.out()).contains("catalogue " + sample.version() + " with", "no labels",
        "previously: catalogue " + labelled + ", labels " + id);
    assertThat(turn.path("agent").asText()).isEqualTo(misrouted);
    assertThat(turn.path("catalogue_version").asText()).isEqualTo(sample.version());
    assertThat(decisions(a, again)).extracting(RoutingDecision::labelSnapshot, RoutingDecision::labelExamples)
        .containsExactly(tuple("", 0));
  }

  /**
   * The issue's "all of it is per tenant": a tenant that labelled nothing keeps its routes when another
   * tenant's labels are published. Shadow routing scores as the routers do, so the tenant's row suffices.
   */
  @Test
  void shouldLeaveTheRoutesOfATenantWithoutLabelsAsTheyWereWhenAnotherTenantsLabelsArePublished(@TempDir Path dir)
      throws Exception {
    // Given: one tenant's messages on agents.messages.v1 (there once accepted) and another tenant's labels
    String labelled = tenant("label-c");
    String unlabelled = tenant("label-d");
    client(unlabelled).send(List.copyOf(HELD_OUT.keySet()));
    cli("route-label", "import", labelFile(dir).toString(), "--tenant", labelled);
    String id = snapshotId(cli("route-label", "snapshot"));

    // When
    Run shadow = cli("route-shadow", "--labels", id);

    // Then
    assertThat(shadowRow(shadow, unlabelled)).as(shadow.out()).containsExactly(HELD_OUT.size(), 0);
  }

  private static IntentsClient client(String tenant) {
    return new IntentsClient(stack.apiPort(), stack.tokenFor(tenant), ROUTED);
  }

  /** Sends a probe (of a tenant of its own) until its decision shows the routers use catalogue {@code version}. */
  private static void awaitRoutersUse(String version) throws Exception {
    IntentsClient probe = client(tenant("label-probe"));
    long deadline = System.nanoTime() + ROUTED.toNanos();
    while (true) {
      String used = probe.routed(probe.send(List.of("Where is my package?"))).getFirst()
          .path("catalogue_version").asText();
      if (used.equals(version)) {
        return;
      }
      assertThat(System.nanoTime()).as("routers still use catalogue " + used + ", not " + version).isLessThan(deadline);
    }
  }

  /** The decisions on agents.routed.v1 of {@code sent}, in that order. */
  private static List<RoutingDecision> decisions(String tenant, List<IntentsClient.Sent> sent) {
    Map<String, RoutingDecision> decided = new TopicDecisions(stack.settings().kafkaClients())
        .of(tenant, sent.stream().map(IntentsClient.Sent::messageId).toList());
    assertThat(decided).hasSameSizeAs(sent);
    return sent.stream().map(message -> decided.get(message.messageId())).toList();
  }

  private static void assertSame(RoutingDecision replayed, RoutingDecision live) {
    assertThat(replayed.agent()).as("replayed route of " + live.preview()).isEqualTo(live.agent());
    assertThat(replayed.confidence()).as("replayed confidence of " + live.preview())
        .isCloseTo(live.confidence(), within(1e-3));
    assertThat(List.of(replayed.catalogueVersion(), replayed.labelSnapshot(), replayed.labelExamples()))
        .isEqualTo(List.of(live.catalogueVersion(), live.labelSnapshot(), live.labelExamples()));
  }

  private static Path labelFile(Path dir) throws Exception {
    List<String> lines = new ArrayList<>();
    for (String text : IMPORTED_HR) {
      lines.add(Json.mapper().writeValueAsString(Map.of("text", text, "agent", HR)));
    }
    for (String text : IMPORTED_DEFAULT) {
      lines.add(Json.mapper().writeValueAsString(Map.of("text", text, "agent", RoutingDecision.DEFAULT_AGENT)));
    }
    return Files.write(dir.resolve("labels.jsonl"), lines);
  }

  private record Run(int exit, String out, String err) {}

  /** Runs a command of the dev command line on the stack's broker, as an operator in another shell would. */
  private static Run cli(String... args) {
    CommandLine commandLine = TributaryDev.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    String[] withBroker = Stream.concat(Stream.of(args),
        Stream.of("--bootstrap-servers", stack.settings().kafkaBootstrapServers())).toArray(String[]::new);
    Run run = new Run(commandLine.execute(withBroker), out.toString(), err.toString());
    assertThat(run.exit()).as(String.join(" ", args) + ": " + run.err() + run.out()).isZero();
    return run;
  }

  private static String snapshotId(Run run) {
    Matcher id = SNAPSHOT_ID.matcher(run.out());
    assertThat(id.find()).as(run.out()).isTrue();
    return id.group();
  }

  private static String catalogueVersion(Run published) {
    Matcher version = PUBLISHED.matcher(published.out());
    assertThat(version.find()).as(published.out()).isTrue();
    return version.group(1);
  }

  /** The {@code messages} and {@code changed} columns of {@code tenant}'s row of a shadow report. */
  private static long[] shadowRow(Run shadow, String tenant) {
    Matcher row = Pattern.compile("(?m)^" + Pattern.quote(tenant) + " +(\\d+) +(\\d+)$").matcher(shadow.out());
    assertThat(row.find()).as("row of " + tenant + " in\n" + shadow.out()).isTrue();
    return new long[] {Long.parseLong(row.group(1)), Long.parseLong(row.group(2))};
  }

  /** Share of {@code turns} (routes of the held-out messages, in order) routed where tenant A wants them. */
  private static double accuracy(List<JsonNode> turns) {
    List<String> wanted = List.copyOf(HELD_OUT.values());
    long right = 0;
    for (int i = 0; i < turns.size(); i++) {
      right += turns.get(i).path("agent").asText().equals(wanted.get(i)) ? 1 : 0;
    }
    return (double) right / turns.size();
  }

  private static List<String> agents(List<JsonNode> turns) {
    return turns.stream().map(turn -> turn.path("agent").asText()).toList();
  }

  private static String tenant(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }
}
