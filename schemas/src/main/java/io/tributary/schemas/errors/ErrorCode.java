package io.tributary.schemas.errors;

/**
 * Stable codes for data errors: the same code names a problem in a dead-letter header and in
 * the HTTP error envelope. Codes are API: never rename one.
 */
public enum ErrorCode {
  /** The bytes are not valid UTF-8 text. */
  UNDECODABLE_BYTES,
  /** The bytes are not well-formed JSON. */
  MALFORMED_JSON,
  /** Well-formed JSON that breaks the topic's JSON Schema; the message names field and rule. */
  SCHEMA_VIOLATION,
  /** The record is larger than the limit for its kind. */
  DOCUMENT_TOO_LARGE,
  /** The content type has no parser. */
  UNSUPPORTED_CONTENT_TYPE,
  /** A vector's model or dimensions do not match what the read model holds. */
  EMBEDDING_MISMATCH,
  /** The record breaks a constraint of the read model it is projected into (unique, check, foreign key). */
  CONSTRAINT_VIOLATION,
  /** A value the read model's column types cannot hold (bad encoding, out of range, malformed). */
  INVALID_VALUE,
  /** An agent message is larger than a chat message may be. */
  MESSAGE_TOO_LARGE,
  /** The record key names another tenant or document than the value, or a tombstone's key names no tenant. */
  TENANT_MISMATCH,
  /** Parsing the content would exceed a bound (pages, extracted text, time): a parser bomb or an oversized file. */
  PARSE_LIMIT_EXCEEDED,
  /** An exception nobody classified failed the record on every bounded retry; the header names its class. */
  UNEXPECTED_ERROR
}
