package io.tributary.schemas.documents;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;

/**
 * The compact wire form of an embedding: float32 little-endian, base64 encoded.
 *
 * <p>About 4/3 × 4 bytes per dimension, against ~10 for a JSON number array.
 */
public final class VectorCodec {

  private VectorCodec() {}

  /** Encodes a vector for the wire. */
  public static String encode(float[] vector) {
    ByteBuffer buffer = ByteBuffer.allocate(vector.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    buffer.asFloatBuffer().put(vector);
    return Base64.getEncoder().encodeToString(buffer.array());
  }

  /** Decodes a vector from the wire; rejects input that is not a whole number of float32. */
  public static float[] decode(String encoded) {
    byte[] bytes = Base64.getDecoder().decode(encoded);
    if (bytes.length % Float.BYTES != 0) {
      throw new IllegalArgumentException(
          "embedding has " + bytes.length + " bytes, not a multiple of " + Float.BYTES);
    }
    float[] vector = new float[bytes.length / Float.BYTES];
    ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(vector);
    return vector;
  }
}
