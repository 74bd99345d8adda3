package io.tributary.streams.intents;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.schemas.agents.AgentCatalogueFile;
import io.tributary.schemas.topics.Topics;
import io.tributary.streams.pipeline.HostileRecords;
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
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.test.TestRecord;

/**
 * Generated hostile records on {@code agents.catalogue.v1}, as any producer could write them,
 * each followed by a good message: the router keeps routing with the last good catalogue.
 */
class HostileCatalogueTest {

  private static RouterDriver router;
  private static TestInputTopic<byte[], byte[]> rawCatalogue;
  private static int sentinels;

  @BeforeContainer
  static void start() throws Exception {
    Path stateDir = Files.createTempDirectory("fuzz-catalogue");
    router = new RouterDriver(new EmbeddingClassifier(new HostileRecords.FixedEmbedder()), stateDir);
    router.publish(AgentCatalogueFile.sample(RouterDriver.NOW));
    rawCatalogue = router.driver.createInputTopic(Topics.AGENTS_CATALOGUE.name(), Serdes.ByteArray().serializer(),
        Serdes.ByteArray().serializer());
  }

  @AfterContainer
  static void stop() {
    if (router != null) {
      router.close();
    }
  }

  @Property(tries = 100, shrinking = ShrinkingMode.BOUNDED)
  void aHostileCatalogueNeverStopsRouting(@ForAll("keys") byte[] key, @ForAll("values") byte[] value) {
    rawCatalogue.pipeInput(new TestRecord<>(key, value, RouterDriver.NOW));
    String conversation = "sentinel-" + sentinels++;
    router.send(conversation, conversation + "-m", "I was charged twice this month", RouterDriver.NOW);

    List<String> routed = router.routed.readRecordsToList().stream().map(TestRecord::key).toList();

    assertThat(routed).as("a good message after a hostile catalogue record").contains(conversation);
  }

  @Provide
  Arbitrary<byte[]> keys() {
    return HostileRecords.keys();
  }

  @Provide
  Arbitrary<byte[]> values() {
    return HostileRecords.values(Map.of("version", 2, "agents", List.of()));
  }
}
