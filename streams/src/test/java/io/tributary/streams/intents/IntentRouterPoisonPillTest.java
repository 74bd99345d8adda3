package io.tributary.streams.intents;

import static io.tributary.streams.intents.RouterDriver.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.schemas.agents.AgentCatalogue;
import io.tributary.schemas.agents.AgentCatalogueFile;
import io.tributary.schemas.errors.DeadLetterHeaders;
import io.tributary.schemas.topics.Topics;
import io.tributary.embedding.Embedder;
import io.tributary.streams.embedding.MiniLmExtension;
import io.tributary.streams.runtime.RecordAttempts;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TestInputTopic;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** One bad record on agents.messages.v1 or agents.catalogue.v1 never stops routing. */
@ExtendWith(MiniLmExtension.class)
class IntentRouterPoisonPillTest {

  private static final AgentCatalogue SAMPLE = AgentCatalogueFile.sample(NOW);

  private final Embedder embedder;
  private final AtomicInteger poisonAttempts = new AtomicInteger();
  private RouterDriver router;

  IntentRouterPoisonPillTest(Embedder embedder) {
    this.embedder = embedder;
  }

  @BeforeEach
  void start(@TempDir Path stateDir) {
    EmbeddingClassifier real = new EmbeddingClassifier(embedder);
    IntentClassifier buggy = (text, catalogue) -> {
      if (text.contains("poison")) {
        poisonAttempts.incrementAndGet();
        throw new ArithmeticException("a bug met this message");
      }
      return real.classify(text, catalogue);
    };
    router = new RouterDriver(buggy, stateDir);
  }

  @AfterEach
  void stop() {
    router.close();
  }

  @Test
  void shouldDeadLetterAMessageThatFailsUnexpectedlyOnEveryAttemptAndRouteTheNext() {
    router.publish(SAMPLE);

    router.send("conv-1", "m-1", "this poison message trips a bug", NOW);
    router.send("conv-1", "m-2", "I forgot my password", NOW.plusSeconds(1));

    Headers letter = router.deadLetters.readRecord().headers();
    assertThat(header(letter, DeadLetterHeaders.ERROR_CODE)).isEqualTo("UNEXPECTED_ERROR");
    assertThat(header(letter, DeadLetterHeaders.EXCEPTION_CLASS)).isEqualTo(ArithmeticException.class.getName());
    // The coordinates of the message itself, although it failed in a batch flushed later.
    assertThat(header(letter, DeadLetterHeaders.ORIGIN_TOPIC)).isEqualTo(Topics.AGENTS_MESSAGES.name());
    assertThat(header(letter, DeadLetterHeaders.ORIGIN_PARTITION)).isEqualTo("0");
    assertThat(header(letter, DeadLetterHeaders.ORIGIN_OFFSET)).isEqualTo("0");
    assertThat(poisonAttempts.get()).isEqualTo(RecordAttempts.DEFAULT_ATTEMPTS);
    assertThat(router.routed.readValue().messageId()).isEqualTo("m-2");
  }

  @Test
  void shouldKeepTheActiveCatalogueWhenAnUnreadableCatalogueRecordArrives() {
    router.publish(SAMPLE);
    TestInputTopic<byte[], byte[]> rawCatalogue = router.driver.createInputTopic(Topics.AGENTS_CATALOGUE.name(),
        Serdes.ByteArray().serializer(), Serdes.ByteArray().serializer());

    rawCatalogue.pipeInput(Topics.CATALOGUE_KEY.getBytes(StandardCharsets.UTF_8),
        "{\"not\": a catalogue".getBytes(StandardCharsets.UTF_8), NOW);
    router.send("conv-2", "m-3", "I forgot my password", NOW.plusSeconds(2));

    assertThat(router.routed.readValue().agent()).isEqualTo("account");
    assertThat(router.deadLetters.isEmpty()).isTrue();
  }

  private static String header(Headers headers, String name) {
    return new String(headers.lastHeader(name).value(), StandardCharsets.UTF_8);
  }
}
