package io.tributary.schemas.agents;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.schemas.errors.ErrorCode;
import io.tributary.schemas.errors.InvalidRecordException;
import io.tributary.schemas.json.Json;
import io.tributary.schemas.validation.JsonSchemaContract;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Turns the raw key and value of an {@code agents.messages.v1} record into a conversation id and
 * an {@link AgentMessage}, or says precisely why it cannot (bad bytes, bad JSON, which field
 * breaks which rule, size).
 */
public final class AgentMessageReader {

  /** Largest message value accepted: a chat message, not a document. */
  public static final int MAX_VALUE_BYTES = 64 * 1024;

  private final JsonSchemaContract contract;

  public AgentMessageReader(JsonSchemaContract contract) {
    this.contract = contract;
  }

  /** A reader for the v1 contract. */
  public static AgentMessageReader v1() {
    return new AgentMessageReader(JsonSchemaContract.load("agents.messages.v1"));
  }

  /** The conversation id in a record key; required, UTF-8. */
  public String conversationId(byte[] key) {
    if (key == null || key.length == 0) {
      throw new InvalidRecordException(
          ErrorCode.SCHEMA_VIOLATION, "record key is missing; it must be the conversation id");
    }
    String id = decodeUtf8(key, "record key");
    if (id.length() > 256) {
      throw new InvalidRecordException(ErrorCode.SCHEMA_VIOLATION, "record key is longer than 256 characters");
    }
    return id;
  }

  /** Reads one record value; a tombstone ({@code null}) is refused: messages are never deleted. */
  public AgentMessage read(byte[] value) {
    if (value == null) {
      throw new InvalidRecordException(ErrorCode.SCHEMA_VIOLATION, "record value is missing (tombstone)");
    }
    if (value.length > MAX_VALUE_BYTES) {
      throw new InvalidRecordException(
          ErrorCode.MESSAGE_TOO_LARGE, "record is " + value.length + " bytes, the limit is " + MAX_VALUE_BYTES);
    }
    JsonNode node;
    try {
      node = Json.mapper().readTree(decodeUtf8(value, "record value"));
    } catch (JacksonException e) {
      throw new InvalidRecordException(ErrorCode.MALFORMED_JSON, "not well-formed JSON: " + e.getOriginalMessage(), e);
    }
    if (node == null || node.isMissingNode()) {
      throw new InvalidRecordException(ErrorCode.MALFORMED_JSON, "empty record value");
    }
    contract.check(node);
    try {
      return Json.mapper().treeToValue(node, AgentMessage.class);
    } catch (JacksonException | IllegalArgumentException e) {
      // The schema should catch everything first; this guards against a drift between the two.
      throw new InvalidRecordException(ErrorCode.SCHEMA_VIOLATION, "cannot map message: " + e.getMessage(), e);
    }
  }

  private static String decodeUtf8(byte[] bytes, String what) {
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw new InvalidRecordException(ErrorCode.UNDECODABLE_BYTES, what + " is not valid UTF-8", e);
    }
  }
}
