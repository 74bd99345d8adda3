package io.tributary.streams.pipeline;

import static io.tributary.streams.pipeline.PipelineDriver.document;
import static io.tributary.streams.pipeline.PipelineDriver.json;
import static io.tributary.streams.pipeline.PipelineDriver.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.schemas.documents.EmbeddedDocument;
import io.tributary.schemas.errors.DeadLetterHeaders;
import io.tributary.embedding.Embedder;
import io.tributary.streams.embedding.MiniLmExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** A document is its tenant and id (ADR 16): records of one tenant never reach another's document. */
@ExtendWith(MiniLmExtension.class)
class DocumentPipelineTenancyTest {

  private final Embedder model;
  private PipelineDriver pipeline;

  DocumentPipelineTenancyTest(Embedder model) {
    this.model = model;
  }

  @BeforeEach
  void startPipeline(@TempDir Path stateDir) {
    pipeline = new PipelineDriver(model, stateDir);
  }

  @AfterEach
  void closePipeline() {
    pipeline.close();
  }

  private static Map<String, Object> doc(String tenant, String id, String text) {
    Map<String, Object> fields = document(id, text);
    fields.put("tenant", tenant);
    return fields;
  }

  @Test
  void shouldVersionTheSameIdOfTwoTenantsSeparately() {
    pipeline.pipe(doc("acme", "shared", "Acme's text."));
    pipeline.pipe(doc("evil", "shared", "Evil's text."));

    TestRecord<String, EmbeddedDocument> acme = pipeline.embedded.readRecord();
    TestRecord<String, EmbeddedDocument> evil = pipeline.embedded.readRecord();
    assertThat(acme.key()).isEqualTo("acme/shared");
    assertThat(acme.value().version()).isEqualTo(1);
    assertThat(evil.key()).isEqualTo("evil/shared");
    assertThat(evil.value().version()).isEqualTo(1);
    assertThat(evil.value().tenant()).isEqualTo("evil");
  }

  @Test
  void shouldDeadLetterAValueFiledUnderAnotherTenantsKey() {
    pipeline.pipe(doc("acme", "d1", "Acme's text."));
    pipeline.embedded.readRecord();

    pipeline.pipe(utf8("acme/d1"), json(doc("evil", "d1", "Evil's text.")));

    assertThat(pipeline.embedded.isEmpty()).isTrue();
    assertThat(code(pipeline.deadLetters.readRecord())).isEqualTo("TENANT_MISMATCH");
    assertThat(pipeline.versions().get("acme/d1").version()).isEqualTo(1);
  }

  @Test
  void shouldDeleteOnlyTheTombstoneKeysTenantsDocument() {
    pipeline.pipe(doc("acme", "d1", "Acme's text."));
    pipeline.embedded.readRecord();

    pipeline.pipeTombstone("evil/d1");

    TestRecord<String, EmbeddedDocument> tombstone = pipeline.embedded.readRecord();
    assertThat(tombstone.key()).isEqualTo("evil/d1");
    assertThat(pipeline.versions().get("acme/d1").version()).isEqualTo(1);
  }

  @Test
  void shouldDeadLetterATombstoneWhoseKeyNamesNoTenant() {
    pipeline.pipe(doc("acme", "d1", "Acme's text."));
    pipeline.embedded.readRecord();

    pipeline.pipe(utf8("d1"), null);

    assertThat(pipeline.embedded.isEmpty()).isTrue();
    assertThat(code(pipeline.deadLetters.readRecord())).isEqualTo("TENANT_MISMATCH");
    assertThat(pipeline.versions().get("acme/d1")).isNotNull();
  }

  @Test
  void shouldAcceptABareIdKeyAsTheValuesTenantAndPublishUnderTheFullKey() {
    pipeline.pipe(utf8("d2"), json(doc("acme", "d2", "Written by an older producer.")));

    assertThat(pipeline.embedded.readRecord().key()).isEqualTo("acme/d2");
  }

  @Test
  void shouldContinueAboveAVersionStoredUnderTheBareIdBeforeTheUpgrade() {
    pipeline.versions().put("d3", new DocumentVersion(4, "old-hash", null));

    pipeline.pipe(doc("acme", "d3", "Resubmitted after the upgrade."));

    assertThat(pipeline.embedded.readValue().version()).isEqualTo(5);
  }

  private static String code(TestRecord<byte[], byte[]> letter) {
    Header header = letter.headers().lastHeader(DeadLetterHeaders.ERROR_CODE);
    return new String(header.value(), StandardCharsets.UTF_8);
  }
}
