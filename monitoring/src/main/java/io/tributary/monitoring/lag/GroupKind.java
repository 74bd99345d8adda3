package io.tributary.monitoring.lag;

import java.util.Locale;

/** What a consumer group is: a Kafka Streams application, a projector (offsets in Postgres), or any other consumer. */
public enum GroupKind {
  STREAMS, PROJECTION, CONSUMER;

  /** The metric label and JSON value: {@code streams}, {@code projection}, {@code consumer}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
