package io.tributary.schemas.envelope;

import static java.util.Objects.requireNonNull;

import java.util.Map;

/**
 * A {@code docs.submitted.v1} record value with its envelope taken off.
 *
 * @param mode how the producer wrapped the document
 * @param document the document JSON, UTF-8, as the JSON Schema describes it
 * @param trace trace context and correlation id from the envelope ({@link TraceHeaders} names)
 */
public record Envelope(Mode mode, byte[] document, Map<String, String> trace) {

  /** How a producer wrapped the document. */
  public enum Mode {
    /** The value is the document JSON. */
    PLAIN,
    /** CloudEvents Kafka binding, binary mode: {@code ce_*} headers, the value is the data (the document). */
    CLOUDEVENTS_BINARY,
    /** CloudEvents Kafka binding, structured mode: {@code content-type: application/cloudevents+json}. */
    CLOUDEVENTS_STRUCTURED
  }

  public Envelope {
    requireNonNull(mode, "mode");
    requireNonNull(document, "document");
    trace = Map.copyOf(requireNonNull(trace, "trace"));
  }
}
