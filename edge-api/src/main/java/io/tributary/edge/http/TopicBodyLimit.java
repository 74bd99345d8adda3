package io.tributary.edge.http;

import io.tributary.schemas.topics.Topic;

/**
 * The largest request body a route publishing to a topic accepts: the topic's
 * {@code max.message.bytes} minus the envelope the API adds (key, server-set fields such as id,
 * tenant and time, the request id and traceparent headers, record and batch overhead), and never
 * more than the configured body limit. A body under it still answers 413 if its record grows past
 * the topic's limit (see {@code ProducerSends}); one over it never reaches Kafka.
 */
public final class TopicBodyLimit {

  /** Bytes kept for the envelope: generous, since a body that fits must make a record that fits. */
  public static final int ENVELOPE_BYTES = 16 * 1024;

  private TopicBodyLimit() {}

  /** The body limit for a route that publishes one record of the request to {@code topic}. */
  public static long of(Topic<?, ?> topic, long configuredMaxBody) {
    return Math.max(1, Math.min(configuredMaxBody, (long) topic.maxMessageBytes() - ENVELOPE_BYTES));
  }
}
