package io.tributary.schemas.kafka;

/** The Kafka client settings are incomplete or unreadable; the message says which and how to fix it. */
public final class KafkaSettingsException extends IllegalStateException {
  public KafkaSettingsException(String message) {
    super(message);
  }
}
