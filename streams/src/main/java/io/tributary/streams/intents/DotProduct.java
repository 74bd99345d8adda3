package io.tributary.streams.intents;

import org.slf4j.LoggerFactory;

/**
 * {@code a · b[offset, offset + a.length)} over float vectors: the inner loop of the neighbour
 * vote, which scans every labelled example of a tenant for each message.
 */
interface DotProduct {

  double dot(float[] a, float[] b, int offset);

  /**
   * SIMD through the Vector API when the JVM runs with {@code --add-modules jdk.incubator.vector}
   * (the launcher and the container image pass it), else eight scalar sums.
   */
  static DotProduct fastest() {
    if (ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()) {
      try {
        // By name: this class must load on a JVM without the module too.
        return (DotProduct) Class.forName("io.tributary.streams.intents.SimdDotProduct")
            .getDeclaredConstructor().newInstance();
      } catch (ReflectiveOperationException | LinkageError e) {
        LoggerFactory.getLogger(DotProduct.class).warn("the Vector API is present but unusable; scanning labels scalar", e);
      }
    }
    return new ScalarDotProduct();
  }
}
