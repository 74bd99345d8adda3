package io.tributary.schemas.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.tributary.schemas.errors.ErrorCode;
import io.tributary.schemas.errors.InvalidRecordException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/** The JSON Schema of one topic's values, shipped as a resource under {@code /schemas}. */
public final class JsonSchemaContract {

  private final String topic;
  private final Schema schema;

  private JsonSchemaContract(String topic, Schema schema) {
    this.topic = topic;
    this.schema = schema;
  }

  /** Loads {@code /schemas/<topic>.schema.json} from the classpath. */
  public static JsonSchemaContract load(String topic) {
    String resource = "/schemas/" + topic + ".schema.json";
    try (InputStream in = JsonSchemaContract.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("no JSON Schema on the classpath at " + resource);
      }
      SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
      return new JsonSchemaContract(topic, registry.getSchema(in));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + resource, e);
    }
  }

  /** The violations of {@code node}, each naming the field and the rule; empty when valid. */
  public List<String> violations(JsonNode node) {
    return schema.validate(node).stream()
        .sorted(Comparator.comparing(e -> e.getInstanceLocation().toString()))
        .map(JsonSchemaContract::describe)
        .toList();
  }

  /** Throws a {@link ErrorCode#SCHEMA_VIOLATION} listing every violation of {@code node}. */
  public void check(JsonNode node) {
    List<String> violations = violations(node);
    if (!violations.isEmpty()) {
      throw new InvalidRecordException(
          ErrorCode.SCHEMA_VIOLATION,
          "does not match the " + topic + " schema: " + violations.stream().collect(Collectors.joining("; ")));
    }
  }

  private static String describe(Error error) {
    String message = error.getMessage();
    String location = error.getInstanceLocation().toString();
    // The message already starts with the location for most keywords; avoid saying it twice.
    return message.startsWith(location) ? message : location + ": " + message;
  }
}
