package io.tributary.schemas.validation;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.schemas.documents.SubmittedDocument;
import io.tributary.schemas.errors.ErrorCode;
import io.tributary.schemas.errors.InvalidRecordException;
import io.tributary.schemas.json.Json;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Turns the raw bytes of a {@code docs.submitted.v1} record into a {@link SubmittedDocument},
 * or says precisely why it cannot: bad bytes, bad JSON, which field breaks which rule, size.
 */
public final class SubmittedDocumentReader {

  private final JsonSchemaContract contract;
  private final int maxBytes;

  public SubmittedDocumentReader(JsonSchemaContract contract, int maxBytes) {
    this.contract = contract;
    this.maxBytes = maxBytes;
  }

  /** A reader for the v1 contract with the topic's size limit. */
  public static SubmittedDocumentReader v1(int maxBytes) {
    return new SubmittedDocumentReader(JsonSchemaContract.load("docs.submitted.v1"), maxBytes);
  }

  /** Reads one record value; never returns {@code null} (tombstones are the caller's concern). */
  public SubmittedDocument read(byte[] bytes) {
    if (bytes.length > maxBytes) {
      throw new InvalidRecordException(
          ErrorCode.DOCUMENT_TOO_LARGE,
          "record is " + bytes.length + " bytes, the limit is " + maxBytes);
    }
    String text = decodeUtf8(bytes);
    JsonNode node;
    try {
      node = Json.mapper().readTree(text);
    } catch (JacksonException e) {
      throw new InvalidRecordException(
          ErrorCode.MALFORMED_JSON, "not well-formed JSON: " + e.getOriginalMessage(), e);
    }
    if (node == null || node.isMissingNode()) {
      throw new InvalidRecordException(ErrorCode.MALFORMED_JSON, "empty record value");
    }
    checkOneContentField(node);
    contract.check(node);
    try {
      return Json.mapper().treeToValue(node, SubmittedDocument.class);
    } catch (JacksonException | IllegalArgumentException e) {
      // The schema should catch everything first; this guards against a drift between the two.
      throw new InvalidRecordException(
          ErrorCode.SCHEMA_VIOLATION, "cannot map document: " + e.getMessage(), e);
    }
  }

  /** A clearer message than the schema's {@code oneOf} gives for the commonest mistake. */
  private static void checkOneContentField(JsonNode node) {
    if (node.isObject() && node.has("text") == node.has("content_base64")) {
      throw new InvalidRecordException(
          ErrorCode.SCHEMA_VIOLATION,
          "/: exactly one of /text and /content_base64 is required, found "
              + (node.has("text") ? "both" : "neither"));
    }
  }

  private static String decodeUtf8(byte[] bytes) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw new InvalidRecordException(
          ErrorCode.UNDECODABLE_BYTES, "record value is not valid UTF-8: " + e.getMessage(), e);
    }
  }
}
