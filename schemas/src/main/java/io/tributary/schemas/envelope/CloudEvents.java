package io.tributary.schemas.envelope;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.schemas.errors.ErrorCode;
import io.tributary.schemas.errors.InvalidRecordException;
import io.tributary.schemas.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * Recognises how a {@code docs.submitted.v1} value is wrapped (plain JSON, or CloudEvents 1.0
 * in binary or structured mode per the CloudEvents Kafka protocol binding) and takes the
 * envelope off. Trace context comes from the {@code traceparent}/{@code tracestate} headers or
 * the CloudEvents distributed-tracing extension, the correlation id from the {@code
 * correlation-id} header or a {@code correlationid} extension attribute.
 */
public final class CloudEvents {

  /** Kafka binding header for the content type of the value. */
  public static final String CONTENT_TYPE_HEADER = "content-type";
  /** Content type of a structured-mode event. */
  public static final String STRUCTURED_CONTENT_TYPE = "application/cloudevents+json";
  /** Prefix of binary-mode attribute headers. */
  public static final String HEADER_PREFIX = "ce_";

  private static final String[] REQUIRED = {"specversion", "id", "source", "type"};

  private CloudEvents() {}

  /** The document inside {@code value}; throws {@link InvalidRecordException} for a broken envelope. */
  public static Envelope unwrap(Headers headers, byte[] value) {
    Map<String, String> trace = headerTrace(headers);
    if (header(headers, HEADER_PREFIX + "specversion") != null) {
      return binary(headers, value, trace);
    }
    String contentType = header(headers, CONTENT_TYPE_HEADER);
    if (contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith(STRUCTURED_CONTENT_TYPE)) {
      return structured(value, trace);
    }
    return new Envelope(Envelope.Mode.PLAIN, value, trace);
  }

  /** The trace context of a record without a value (a tombstone): headers, or binary-mode extension headers. */
  public static Map<String, String> unwrapTrace(Headers headers) {
    Map<String, String> trace = headerTrace(headers);
    putIfAbsent(trace, TraceHeaders.TRACEPARENT, header(headers, HEADER_PREFIX + "traceparent"));
    putIfAbsent(trace, TraceHeaders.TRACESTATE, header(headers, HEADER_PREFIX + "tracestate"));
    putIfAbsent(trace, TraceHeaders.CORRELATION_ID, header(headers, HEADER_PREFIX + "correlationid"));
    return trace;
  }

  private static Envelope binary(Headers headers, byte[] value, Map<String, String> trace) {
    for (String attribute : REQUIRED) {
      if (header(headers, HEADER_PREFIX + attribute) == null) {
        throw violation("header " + HEADER_PREFIX + attribute + " is required in CloudEvents binary mode");
      }
    }
    checkSpecVersion(header(headers, HEADER_PREFIX + "specversion"));
    String contentType = header(headers, CONTENT_TYPE_HEADER);
    if (contentType != null && !contentType.toLowerCase(Locale.ROOT).contains("json")) {
      throw new InvalidRecordException(ErrorCode.UNSUPPORTED_CONTENT_TYPE,
          "header content-type: CloudEvents data must be JSON (application/json), was \"" + contentType + "\"");
    }
    putIfAbsent(trace, TraceHeaders.TRACEPARENT, header(headers, HEADER_PREFIX + "traceparent"));
    putIfAbsent(trace, TraceHeaders.TRACESTATE, header(headers, HEADER_PREFIX + "tracestate"));
    putIfAbsent(trace, TraceHeaders.CORRELATION_ID, header(headers, HEADER_PREFIX + "correlationid"));
    return new Envelope(Envelope.Mode.CLOUDEVENTS_BINARY, value, trace);
  }

  private static Envelope structured(byte[] value, Map<String, String> trace) {
    JsonNode event;
    try {
      event = Json.mapper().readTree(value);
    } catch (JacksonException e) {
      throw new InvalidRecordException(ErrorCode.MALFORMED_JSON, "CloudEvent is not well-formed JSON: " + e.getOriginalMessage(), e);
    } catch (java.io.IOException e) {
      throw new InvalidRecordException(ErrorCode.MALFORMED_JSON, "CloudEvent cannot be read: " + e.getMessage(), e);
    }
    if (event == null || !event.isObject()) {
      throw violation("/: a structured CloudEvent must be a JSON object");
    }
    for (String attribute : REQUIRED) {
      if (!event.hasNonNull(attribute)) {
        throw violation("/" + attribute + ": required CloudEvents attribute is missing");
      }
    }
    checkSpecVersion(event.get("specversion").asText());
    putIfAbsent(trace, TraceHeaders.TRACEPARENT, text(event, "traceparent"));
    putIfAbsent(trace, TraceHeaders.TRACESTATE, text(event, "tracestate"));
    putIfAbsent(trace, TraceHeaders.CORRELATION_ID, text(event, "correlationid"));
    return new Envelope(Envelope.Mode.CLOUDEVENTS_STRUCTURED, data(event), trace);
  }

  private static byte[] data(JsonNode event) {
    if (event.has("data_base64")) {
      try {
        return Base64.getDecoder().decode(event.get("data_base64").asText());
      } catch (IllegalArgumentException e) {
        throw new InvalidRecordException(ErrorCode.UNDECODABLE_BYTES, "/data_base64: not valid base64", e);
      }
    }
    JsonNode data = event.get("data");
    if (data == null || !data.isObject()) {
      throw violation("/data: the document must be the event's data, a JSON object");
    }
    try {
      return Json.mapper().writeValueAsBytes(data);
    } catch (JacksonException e) {
      throw new IllegalStateException("a parsed JSON tree always serialises", e);
    }
  }

  private static void checkSpecVersion(String version) {
    if (!"1.0".equals(version)) {
      throw violation("specversion: only CloudEvents 1.0 is supported, was \"" + version + "\"");
    }
  }

  private static Map<String, String> headerTrace(Headers headers) {
    Map<String, String> trace = new LinkedHashMap<>();
    for (String name : TraceHeaders.CARRIED) {
      putIfAbsent(trace, name, header(headers, name));
    }
    return trace;
  }

  private static void putIfAbsent(Map<String, String> trace, String name, String value) {
    if (value != null && !value.isBlank()) {
      trace.putIfAbsent(name, value);
    }
  }

  private static String text(JsonNode event, String field) {
    JsonNode node = event.get(field);
    return node == null || node.isNull() ? null : node.asText();
  }

  /** The last value of a header as UTF-8, or {@code null}. */
  public static String header(Headers headers, String name) {
    Header header = headers.lastHeader(name);
    return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }

  private static InvalidRecordException violation(String message) {
    return new InvalidRecordException(ErrorCode.SCHEMA_VIOLATION, message);
  }
}
