package io.tributary.schemas.json;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/** A Kafka serde for one record type in Tributary's JSON form; {@code null} stays a tombstone. */
public final class JsonSerde<T> implements Serde<T> {

  private final Class<T> type;

  private JsonSerde(Class<T> type) {
    this.type = type;
  }

  /** A serde for {@code type}. */
  public static <T> JsonSerde<T> of(Class<T> type) {
    return new JsonSerde<>(type);
  }

  /** Serialises one value; tombstones ({@code null}) stay {@code null}. */
  public byte[] toBytes(T value) {
    if (value == null) {
      return null;
    }
    try {
      return Json.mapper().writeValueAsBytes(value);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot serialise " + type.getSimpleName(), e);
    }
  }

  /** Deserialises one value; {@code null} bytes are a tombstone. */
  public T fromBytes(byte[] bytes) {
    if (bytes == null) {
      return null;
    }
    try {
      return Json.mapper().readValue(bytes, type);
    } catch (IOException | IllegalArgumentException | NullPointerException e) {
      throw new SerializationException("cannot read " + type.getSimpleName() + ": " + e.getMessage(), e);
    }
  }

  @Override
  public Serializer<T> serializer() {
    return (topic, value) -> toBytes(value);
  }

  @Override
  public Deserializer<T> deserializer() {
    return (topic, bytes) -> fromBytes(bytes);
  }
}
