package io.tributary.streams.intents;

import static io.tributary.streams.intents.RouterDriver.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.schemas.agents.AgentCatalogue;
import io.tributary.schemas.agents.AgentScoring;
import io.tributary.schemas.agents.AgentCatalogueFile;
import io.tributary.schemas.agents.AgentDefinition;
import io.tributary.schemas.agents.AgentMessage;
import io.tributary.schemas.agents.AgentRequest;
import io.tributary.schemas.agents.RouteReason;
import io.tributary.schemas.agents.RoutingDecision;
import io.tributary.schemas.errors.DeadLetterHeaders;
import io.tributary.embedding.Embedder;
import io.tributary.streams.embedding.MiniLmExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(MiniLmExtension.class)
class IntentRouterTest {

  private static final AgentCatalogue SAMPLE = AgentCatalogueFile.sample(NOW);

  private final Embedder embedder;
  private EmbeddingClassifier classifier;
  private RouterDriver router;
  private TestOutputTopic<String, AgentRequest> billing;
  private TestOutputTopic<String, AgentRequest> analytics;
  private TestOutputTopic<String, AgentRequest> fallback;

  IntentRouterTest(Embedder embedder) {
    this.embedder = embedder;
  }

  @BeforeEach
  void start(@TempDir Path stateDir) {
    classifier = new EmbeddingClassifier(embedder);
    router = new RouterDriver(classifier, stateDir);
    billing = router.requests("agents.billing.requests.v1");
    analytics = router.requests("agents.analytics.requests.v1");
    fallback = router.requests("agents.default.requests.v1");
  }

  @AfterEach
  void stop() {
    router.close();
  }

  @Test
  void shouldRouteAMessageToTheBestAgentAndPublishTheDecision() {
    router.publish(SAMPLE);
    String text = "Why was my credit card charged twice for the same invoice?";
    Instant at = NOW.minusSeconds(5);

    router.send("conv-1", "m-1", text, at);

    Classification scores = classifier.classify(text, SAMPLE);
    AgentScore best = scores.ranked().get(0);
    AgentScore second = scores.ranked().get(1);
    TestRecord<String, RoutingDecision> decision = router.routed.readRecord();
    assertThat(decision.key()).isEqualTo("conv-1");
    assertThat(decision.value()).isEqualTo(new RoutingDecision("m-1", "conv-1", "acme", "u1", "billing",
        IntentDecider.round(best.score()), second.agent(), IntentDecider.round(second.score()),
        IntentDecider.round(best.score() - second.score()), RouteReason.MATCHED, "agents.billing.requests.v1",
        SAMPLE.version(), "all-minilm-l6-v2-q", text, at, NOW, "", 0));
    assertThat(best.score()).isGreaterThan(0.3);
    TestRecord<String, AgentRequest> request = billing.readRecord();
    assertThat(request.key()).isEqualTo("conv-1");
    assertThat(request.value().message()).isEqualTo(new AgentMessage("m-1", "acme", "u1", text, null));
    assertThat(request.value().decision()).isEqualTo(decision.value());
    assertThat(new String(request.headers().lastHeader("origin-header").value(), StandardCharsets.UTF_8))
        .isEqualTo("kept");
    assertNothingElse();
  }

  @Test
  void shouldSendAnOffTopicMessageToDefaultWithTheBestAgentAsRunnerUp() {
    router.publish(SAMPLE);

    router.send("conv-2", "m-1", "Tell me a joke about penguins", NOW);

    RoutingDecision decision = router.routed.readValue();
    assertThat(decision.agent()).isEqualTo("default");
    assertThat(decision.reason()).isEqualTo(RouteReason.BELOW_THRESHOLD);
    assertThat(decision.confidence()).isLessThan(0.3);
    assertThat(decision.runnerUp()).isNotEmpty();
    assertThat(fallback.readValue().message().id()).isEqualTo("m-1");
    assertNothingElse();
  }

  @Test
  void shouldSendEverythingToDefaultBeforeAnyCatalogueIsPublished() {
    router.send("conv-3", "m-1", "Where is my package?", NOW);

    RoutingDecision decision = router.routed.readValue();
    assertThat(decision.agent()).isEqualTo("default");
    assertThat(decision.reason()).isEqualTo(RouteReason.NO_CATALOGUE);
    assertThat(decision.catalogueVersion()).isEqualTo(AgentCatalogue.EMPTY.version());
    assertThat(fallback.readValue().message().id()).isEqualTo("m-1");
    assertNothingElse();
  }

  @Test
  void shouldRouteWithANewlyPublishedCatalogueWithoutRestart() {
    router.publish(SAMPLE);
    router.send("conv-4", "m-1", "Where is my package?", NOW);
    assertThat(router.routed.readValue().agent()).isEqualTo("shipping");
    router.requests("agents.shipping.requests.v1").readValue();
    AgentCatalogue withCourier = AgentCatalogue.of(0.3, 0.8, List.of(new AgentDefinition("courier",
        "Parcel tracking and deliveries", List.of("Where is my package?", "Track my parcel"), null, null)), NOW);

    router.publish(withCourier);
    router.send("conv-4", "m-2", "Where is my package?", NOW.plusSeconds(1));

    RoutingDecision decision = router.routed.readValue();
    assertThat(decision.agent()).isEqualTo("courier");
    assertThat(decision.catalogueVersion()).isEqualTo(withCourier.version()).isNotEqualTo(SAMPLE.version());
    assertThat(decision.runnerUp()).isEmpty();
    assertThat(router.requests("agents.courier.requests.v1").readValue().message().id()).isEqualTo("m-2");
    assertThat(classifier.indexBuilds()).isEqualTo(2);
    assertNothingElse();
  }

  @Test
  void shouldRouteByClassifierProbabilitiesAndTrainOncePerSetOfExamples() {
    Map<String, Double> half = new java.util.HashMap<>();
    SAMPLE.agents().forEach(agent -> half.put(agent.name(), 0.5));
    AgentCatalogue classifierScored = SAMPLE.withScoring(AgentScoring.CLASSIFIER).withThresholds(half);
    router.publish(classifierScored);
    String text = "Why was my credit card charged twice for the same invoice?";

    router.send("conv-9", "m-1", text, NOW);

    Classification scores = classifier.classify(text, classifierScored);
    RoutingDecision decision = router.routed.readValue();
    assertThat(decision.agent()).isEqualTo("billing");
    assertThat(decision.confidence()).isEqualTo(IntentDecider.round(scores.ranked().getFirst().score()))
        .isGreaterThan(0.5);
    assertThat(scores.ranked().stream().mapToDouble(AgentScore::score).sum()).isCloseTo(1.0,
        org.assertj.core.api.Assertions.within(1e-9));
    assertThat(billing.readValue().message().id()).isEqualTo("m-1");

    half.replaceAll((agent, threshold) -> 0.99);
    AgentCatalogue stricter = classifierScored.withThresholds(half);
    router.publish(stricter);
    router.send("conv-10", "m-2", "Tell me a joke about penguins", NOW.plusSeconds(1));

    RoutingDecision strict = router.routed.readValue();
    assertThat(strict.catalogueVersion()).isEqualTo(stricter.version());
    assertThat(strict.agent()).isEqualTo("default");
    assertThat(fallback.readValue().message().id()).isEqualTo("m-2");
    assertThat(classifier.indexBuilds()).isEqualTo(2);
    assertThat(classifier.classifierTrainings()).isEqualTo(1);
    assertNothingElse();
  }

  @Test
  void shouldKeepAShortAmbiguousFollowUpWithThePreviousAgent() {
    router.publish(SAMPLE);
    router.send("conv-5", "m-1", "What was our total revenue in Europe last quarter?", NOW);
    assertThat(router.routed.readValue().agent()).isEqualTo("analytics");

    router.send("conv-5", "m-2", "and for last month?", NOW.plusSeconds(30));

    RoutingDecision followUp = router.routed.readValue();
    assertThat(followUp.agent()).isEqualTo("analytics");
    assertThat(followUp.reason()).isEqualTo(RouteReason.FOLLOW_UP);
    assertThat(analytics.readValuesToList()).extracting(r -> r.message().id()).containsExactly("m-1", "m-2");
    assertThat(classifier.indexBuilds()).isEqualTo(1);
    assertNothingElse();
  }

  @Test
  void shouldNotTreatAFollowUpInAnotherConversationOrAfterTheWindowAsOne() {
    router.publish(SAMPLE);
    router.send("conv-6", "m-1", "What was our total revenue in Europe last quarter?", NOW);
    router.routed.readValue();
    analytics.readValue();

    router.send("conv-7", "m-1", "and for last month?", NOW.plusSeconds(30));
    router.send("conv-6", "m-2", "and for last month?", NOW.plus(Duration.ofMinutes(31)));

    List<RoutingDecision> decisions = router.routed.readValuesToList();
    assertThat(decisions).extracting(RoutingDecision::reason)
        .doesNotContain(RouteReason.FOLLOW_UP);
    // Scored on its own, the fragment is not an analytics question (MiniLM sends it to billing).
    assertThat(decisions).extracting(RoutingDecision::agent).doesNotContain("analytics").hasSize(2);
    for (RoutingDecision decision : decisions) {
      assertThat(router.requests(decision.topic()).readValue().message().id()).isEqualTo(decision.messageId());
    }
    assertNothingElse();
  }

  @Test
  void shouldForgetConversationsIdleForLongerThanTheFollowUpWindow() {
    router.publish(SAMPLE);
    router.send("conv-old", "m-1", "What was our total revenue in Europe last quarter?", NOW);
    KeyValueStore<String, Conversation> store = router.driver.getKeyValueStore(IntentRouter.CONVERSATION_STORE);
    assertThat(store.get("acme/conv-old")).isNotNull();

    router.send("conv-new", "m-1", "I forgot my password", NOW.plus(Duration.ofMinutes(32)));

    assertThat(store.get("acme/conv-old")).isNull();
    assertThat(store.get("acme/conv-new").turns()).extracting(Conversation.Turn::agent).containsExactly("account");
    router.routed.readValuesToList();
    analytics.readValue();
    router.requests("agents.account.requests.v1").readValue();
    assertNothingElse();
  }

  @Test
  void shouldSwitchAgentsWhenAShortMessageClearlyBelongsToAnother() {
    router.publish(SAMPLE);
    router.send("conv-8", "m-1", "What was our total revenue in Europe last quarter?", NOW);
    router.routed.readValue();
    analytics.readValue();

    router.send("conv-8", "m-2", "I forgot my password", NOW.plusSeconds(20));

    RoutingDecision decision = router.routed.readValue();
    assertThat(decision.agent()).isEqualTo("account");
    assertThat(decision.reason()).isEqualTo(RouteReason.MATCHED);
    router.requests("agents.account.requests.v1").readValue();
    assertNothingElse();
  }

  @Test
  void shouldSendUnreadableRecordsToTheDeadLetterTopicWithReasons() {
    router.publish(SAMPLE);
    byte[] badJson = RouterDriver.utf8("{\"id\": \"m-1\", ");
    byte[] noText = RouterDriver.utf8("{\"id\":\"m-2\"}");

    router.pipe(RouterDriver.utf8("conv-9"), badJson, NOW);
    router.pipe(RouterDriver.utf8("conv-9"), noText, NOW);
    router.pipe(null, RouterDriver.utf8("{\"id\":\"m-3\",\"text\":\"hello\"}"), NOW);
    router.pipe(RouterDriver.utf8("conv-9"), new byte[] {(byte) 0xC3, (byte) 0x28}, NOW);

    List<TestRecord<byte[], byte[]>> letters = router.deadLetters.readRecordsToList();
    assertThat(letters).extracting(r -> header(r.headers(), DeadLetterHeaders.ERROR_CODE))
        .containsExactly("MALFORMED_JSON", "SCHEMA_VIOLATION", "SCHEMA_VIOLATION", "UNDECODABLE_BYTES");
    assertThat(letters.get(0).value()).isEqualTo(badJson);
    assertThat(letters.get(0).key()).isEqualTo(RouterDriver.utf8("conv-9"));
    assertThat(header(letters.get(1).headers(), DeadLetterHeaders.EXCEPTION_MESSAGE)).contains("text");
    assertThat(header(letters.get(1).headers(), DeadLetterHeaders.ORIGIN_TOPIC)).isEqualTo("agents.messages.v1");
    assertThat(header(letters.get(1).headers(), DeadLetterHeaders.ORIGIN_OFFSET)).isEqualTo("1");
    assertThat(header(letters.get(1).headers(), "origin-header")).isEqualTo("kept");
    assertNothingElse();
  }

  private static String header(Headers headers, String name) {
    return new String(headers.lastHeader(name).value(), StandardCharsets.UTF_8);
  }

  private void assertNothingElse() {
    assertThat(router.routed.isEmpty()).isTrue();
    assertThat(router.deadLetters.isEmpty()).isTrue();
    assertThat(billing.isEmpty()).isTrue();
    assertThat(analytics.isEmpty()).isTrue();
    assertThat(fallback.isEmpty()).isTrue();
  }
}
