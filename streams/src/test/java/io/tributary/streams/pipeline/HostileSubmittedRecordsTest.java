package io.tributary.streams.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.schemas.documents.DocumentKey;
import io.tributary.schemas.errors.DeadLetterHeaders;
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
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.test.TestRecord;

/**
 * Generated hostile records on {@code docs.submitted.v1}, each followed by a good document, through
 * the production pipeline: no record stalls the partition (the good one after it is always embedded),
 * a record that is not even a JSON object is always dead-lettered, and every dead letter says why.
 */
class HostileSubmittedRecordsTest {

  private static PipelineDriver pipeline;
  private static Path stateDir;
  private static int sentinels;

  @BeforeContainer
  static void start() throws Exception {
    stateDir = Files.createTempDirectory("fuzz-pipeline");
    pipeline = new PipelineDriver(new HostileRecords.FixedEmbedder(), stateDir);
  }

  @AfterContainer
  static void stop() {
    if (pipeline != null) {
      pipeline.close();
    }
  }

  @Property(tries = 150, shrinking = ShrinkingMode.BOUNDED)
  void aHostileRecordNeverStallsThePartitionAndEveryDeadLetterSaysWhy(@ForAll("keys") byte[] key,
      @ForAll("values") byte[] value, @ForAll("headerValues") byte[] headerValue) {
    RecordHeaders headers = new RecordHeaders();
    headers.add("ce_type", headerValue);
    headers.add("tributary.request_id", headerValue);
    pipeline.pipe(key, value, headers);
    String sentinel = "sentinel-" + sentinels++;
    pipeline.pipe(PipelineDriver.document(sentinel, "A good document right after a hostile one."));

    List<TestRecord<byte[], byte[]>> deadLetters = pipeline.deadLetters.readRecordsToList();
    List<String> embedded = pipeline.embedded.readRecordsToList().stream().map(TestRecord::key).toList();

    // Embedded records are keyed by tenant and id.
    assertThat(embedded).as("the good record after the hostile one")
        .anyMatch(k -> k.endsWith(DocumentKey.SEPARATOR + sentinel));
    for (TestRecord<byte[], byte[]> letter : deadLetters) {
      assertThat(header(letter, DeadLetterHeaders.ERROR_CODE)).as("error code").isNotBlank();
      assertThat(header(letter, DeadLetterHeaders.EXCEPTION_MESSAGE)).as("reason").isNotBlank();
      assertThat(header(letter, DeadLetterHeaders.ORIGIN_TOPIC)).isEqualTo("docs.submitted.v1");
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
    return HostileRecords.values(Map.of("id", "doc-1", "text", "Some text to chunk.", "tenant", "acme",
        "title", "A title", "content_type", "text/plain"));
  }

  @Provide
  Arbitrary<byte[]> headerValues() {
    return HostileRecords.keys();
  }
}
