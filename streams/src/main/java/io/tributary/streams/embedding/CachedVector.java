package io.tributary.streams.embedding;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;

/**
 * The value of an embedding cache entry: a marker, the time it was stored (epoch millis) and the
 * vector as float32 little-endian. Entries written before the marker existed are the bare vector;
 * they read with no time and are stamped by the next sweep or hit.
 *
 * @param storedAt when the entry was written or last refreshed; {@code null} for an unstamped entry
 */
record CachedVector(float[] vector, Instant storedAt) {

  /** A NaN bit pattern: never the first float of a real (finite) vector, so it tells the formats apart. */
  private static final int MARKER = 0x7FC0_5452;
  private static final int HEADER = Integer.BYTES + Long.BYTES;

  static byte[] encode(float[] vector, Instant storedAt) {
    ByteBuffer buffer = ByteBuffer.allocate(HEADER + vector.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    buffer.putInt(MARKER).putLong(storedAt.toEpochMilli());
    buffer.asFloatBuffer().put(vector);
    return buffer.array();
  }

  static CachedVector decode(byte[] bytes) {
    ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    Instant storedAt = null;
    if (bytes.length >= HEADER && buffer.getInt(0) == MARKER) {
      storedAt = Instant.ofEpochMilli(buffer.getLong(Integer.BYTES));
      buffer.position(HEADER);
    }
    float[] vector = new float[buffer.remaining() / Float.BYTES];
    buffer.slice().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(vector);
    return new CachedVector(vector, storedAt);
  }
}
