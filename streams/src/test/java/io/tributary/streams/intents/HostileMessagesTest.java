package io.tributary.streams.intents;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.schemas.agents.AgentCatalogueFile;
import io.tributary.schemas.errors.DeadLetterHeaders;
import io.tributary.streams.pipeline.HostileRecords;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.streams.test.TestRecord;

/**
 * Generated hostile records on {@code agents.messages.v1}, each followed by a good message, through
 * the production router: the good message is always routed, a value that is not a JSON object is
 * always dead-lettered, and every dead letter says why.
 */
class HostileMessagesTest {

  private static RouterDriver router;
  private static int sentinels;

  @BeforeContainer
  static void start() throws Exception {
    Path stateDir = Files.createTempDirectory("fuzz-router");
    router = new RouterDriver(new EmbeddingClassifier(new HostileRecords.FixedEmbedder()), stateDir);
    router.publish(AgentCatalogueFile.sample(RouterDriver.NOW));
  }

  @AfterContainer
  static void stop() {
    if (router != null) {
      router.close();
    }
  }

  @Property(tries = 300, shrinking = ShrinkingMode.BOUNDED)
  void aHostileMessageNeverStallsThePartitionAndEveryDeadLetterSaysWhy(@ForAll("keys") byte[] key,
      @ForAll("values") byte[] value) {
    router.pipe(key, value, RouterDriver.NOW);
    String conversation = "sentinel-" + sentinels++;
    router.send(conversation, conversation + "-m", "I was charged twice this month", RouterDriver.NOW);

    List<TestRecord<byte[], byte[]>> deadLetters = router.deadLetters.readRecordsToList();
    List<String> routed = router.routed.readRecordsToList().stream().map(TestRecord::key).toList();

    assertThat(routed).as("the good message after the hostile one").contains(conversation);
    for (TestRecord<byte[], byte[]> letter : deadLetters) {
      assertThat(header(letter, DeadLetterHeaders.ERROR_CODE)).as("error code").isNotBlank();
      assertThat(header(letter, DeadLetterHeaders.EXCEPTION_MESSAGE)).as("reason").isNotBlank();
    }
    if (HostileRecords.notAJsonObject(value)) {
      assertThat(deadLetters).as("a value that is not a JSON object is dead-lettered").hasSize(1);
    }
  }

  private static String header(TestRecord<byte[], byte[]> record, String name) {
    Header header = record.headers().lastHeader(name);
    return header == null || header.value() == null ? "" : new String(header.value(), StandardCharsets.UTF_8);
  }

  @Provide
  Arbitrary<byte[]> keys() {
    return HostileRecords.keys();
  }

  @Provide
  Arbitrary<byte[]> values() {
    return HostileRecords.values(Map.of("id", "m-1", "tenant", "acme", "user", "u1", "text", "Where is my refund?",
        "sent_at", "2026-03-01T12:00:00Z"));
  }
}
