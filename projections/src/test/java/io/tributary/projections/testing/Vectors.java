package io.tributary.projections.testing;

import io.tributary.projections.rag.RagTables;
import java.util.Random;

/** Synthetic unit vectors of the read model's dimension, so no test depends on an embedding model. */
public final class Vectors {

  private Vectors() {}

  /** The unit vector along axis {@code axis}. */
  public static float[] oneHot(int axis) {
    float[] vector = new float[RagTables.EMBEDDING_DIMENSIONS];
    vector[axis] = 1f;
    return vector;
  }

  /** A unit vector mostly along {@code axis}, tilted towards {@code other} by {@code tilt} (0..1). */
  public static float[] tilted(int axis, int other, double tilt) {
    float[] vector = new float[RagTables.EMBEDDING_DIMENSIONS];
    vector[axis] = (float) Math.cos(tilt * Math.PI / 2);
    vector[other] = (float) Math.sin(tilt * Math.PI / 2);
    return vector;
  }

  /**
   * A unit vector {@code angle} radians away from axis 0, towards a random direction: sets of
   * these look like real embeddings to an HNSW index, unlike many vectors in one plane.
   */
  public static float[] near(Random random, double angle) {
    double[] direction = new double[RagTables.EMBEDDING_DIMENSIONS];
    double norm = 0;
    for (int i = 1; i < direction.length; i++) {
      direction[i] = random.nextGaussian();
      norm += direction[i] * direction[i];
    }
    norm = Math.sqrt(norm);
    float[] vector = new float[direction.length];
    vector[0] = (float) Math.cos(angle);
    for (int i = 1; i < vector.length; i++) {
      vector[i] = (float) (Math.sin(angle) * direction[i] / norm);
    }
    return vector;
  }
}
