package io.tributary.platform.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * infra/docker-compose.yml against the Compose Specification's JSON Schema (a test resource, see
 * compose-spec/README.md): a misspelled key or a value of the wrong type fails the build, as it
 * would fail `docker compose config`.
 */
class ComposeSpecTest {

  private static final Schema SCHEMA = load();

  private final String compose = read();

  @Test
  void shouldMatchTheComposeSpecification() {
    assertThat(violations(compose)).isEmpty();
  }

  @Test
  void shouldRejectAMisspelledServiceKey() {
    String misspelled = compose.replace("  stop_grace_period: 30s", "  stop_grace_periods: 30s");

    assertThat(misspelled).isNotEqualTo(compose);
    assertThat(violations(misspelled)).anyMatch(v -> v.contains("stop_grace_periods"));
  }

  @Test
  void shouldRejectAValueOfTheWrongType() {
    String listForString = compose.replace("restart: unless-stopped", "restart: [unless-stopped]");

    assertThat(listForString).isNotEqualTo(compose);
    assertThat(violations(listForString)).anyMatch(v -> v.contains("restart"));
  }

  @Test
  void shouldRejectAnUnknownDependsOnCondition() {
    String unknown = compose.replace("api: { condition: service_started }", "api: { condition: started }");

    assertThat(unknown).isNotEqualTo(compose);
    assertThat(violations(unknown)).anyMatch(v -> v.contains("condition"));
  }

  private static List<String> violations(String text) {
    JsonNode tree = YamlDocuments.parse(text);
    return SCHEMA.validate(tree).stream().map(e -> e.getInstanceLocation() + ": " + e.getMessage()).toList();
  }

  private static String read() {
    try {
      return Files.readString(RepoRoot.find().resolve("infra/docker-compose.yml"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Schema load() {
    // By location, not by stream: the schema's relative $id ("compose_spec.json") needs a base.
    return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7)
        .getSchema(SchemaLocation.of("classpath:compose-spec/compose-spec.json"));
  }
}
