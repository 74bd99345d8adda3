package io.tributary.schemas.envelope;

import java.util.List;

/**
 * Header names that carry a request's trace context and correlation id from {@code
 * docs.submitted.v1} through to {@code docs.embedded.v1} (values UTF-8).
 */
public final class TraceHeaders {

  /** W3C trace context: {@code 00-<trace id>-<span id>-<flags>}. */
  public static final String TRACEPARENT = "traceparent";
  /** W3C vendor trace state, carried with {@link #TRACEPARENT}. */
  public static final String TRACESTATE = "tracestate";
  /** The producer's correlation id, free-form. */
  public static final String CORRELATION_ID = "correlation-id";
  /** The edge API's request id. */
  public static final String REQUEST_ID = "x-request-id";

  /** Every header the pipeline carries through, in this order. */
  public static final List<String> CARRIED = List.of(TRACEPARENT, TRACESTATE, CORRELATION_ID, REQUEST_ID);

  private TraceHeaders() {}
}
