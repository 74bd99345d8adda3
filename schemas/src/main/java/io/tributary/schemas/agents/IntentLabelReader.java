package io.tributary.schemas.agents;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.schemas.errors.ErrorCode;
import io.tributary.schemas.errors.InvalidRecordException;
import io.tributary.schemas.json.Json;
import io.tributary.schemas.validation.JsonSchemaContract;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Checks labels on both sides of {@code agents.labels.v1}: a producer checks a label before it
 * writes it, a reader turns a raw record into a label, a withdrawal (tombstone) or a precise reason
 * why it is neither. Label text obeys the limits of {@code agents.messages.v1}.
 */
public final class IntentLabelReader {

  private final JsonSchemaContract contract = JsonSchemaContract.load("agents.labels.v1");

  /** Throws an {@link InvalidRecordException} naming every rule {@code label} breaks. */
  public IntentLabel check(IntentLabel label) {
    contract.check(Json.mapper().valueToTree(label));
    return label;
  }

  /**
   * The label in one record, or empty for a tombstone (a withdrawn label); the key must be the
   * value's {@code <tenant>/<message_id>}.
   */
  public Optional<IntentLabel> read(byte[] key, byte[] value) {
    if (key == null || key.length == 0) {
      throw new InvalidRecordException(ErrorCode.SCHEMA_VIOLATION, "record key is missing; it must be <tenant>/<message_id>");
    }
    String recordKey = new String(key, StandardCharsets.UTF_8);
    if (recordKey.indexOf('/') < 1) {
      throw new InvalidRecordException(ErrorCode.TENANT_MISMATCH, "record key names no tenant; it must be <tenant>/<message_id>");
    }
    if (value == null) {
      return Optional.empty();
    }
    if (value.length > AgentMessageReader.MAX_VALUE_BYTES) {
      throw new InvalidRecordException(ErrorCode.MESSAGE_TOO_LARGE,
          "record is " + value.length + " bytes, the limit is " + AgentMessageReader.MAX_VALUE_BYTES);
    }
    JsonNode node;
    try {
      node = Json.mapper().readTree(value);
    } catch (JacksonException e) {
      throw new InvalidRecordException(ErrorCode.MALFORMED_JSON, "not well-formed JSON: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new InvalidRecordException(ErrorCode.UNDECODABLE_BYTES, "record value cannot be read: " + e.getMessage(), e);
    }
    if (node == null || node.isMissingNode()) {
      throw new InvalidRecordException(ErrorCode.MALFORMED_JSON, "empty record value");
    }
    contract.check(node);
    IntentLabel label;
    try {
      label = Json.mapper().treeToValue(node, IntentLabel.class);
    } catch (JacksonException | IllegalArgumentException e) {
      throw new InvalidRecordException(ErrorCode.SCHEMA_VIOLATION, "cannot map label: " + e.getMessage(), e);
    }
    if (!label.key().equals(recordKey)) {
      throw new InvalidRecordException(ErrorCode.TENANT_MISMATCH,
          "record key does not match the label's tenant and message_id");
    }
    return Optional.of(label);
  }

  /** The tenant named by a label record key. */
  public static String tenantOf(String recordKey) {
    int slash = recordKey.indexOf('/');
    return slash < 1 ? "" : recordKey.substring(0, slash);
  }
}
