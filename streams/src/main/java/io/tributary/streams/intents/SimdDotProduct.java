package io.tributary.streams.intents;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Fused multiply-adds over the widest float lanes the CPU has, in two independent accumulators;
 * loaded only when the JVM has the incubating Vector API ({@link DotProduct#fastest()}).
 */
final class SimdDotProduct implements DotProduct {

  private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;

  @Override
  public double dot(float[] a, float[] b, int offset) {
    int lanes = SPECIES.length();
    FloatVector even = FloatVector.zero(SPECIES);
    FloatVector odd = FloatVector.zero(SPECIES);
    int i = 0;
    for (; i + 2 * lanes <= a.length; i += 2 * lanes) {
      even = FloatVector.fromArray(SPECIES, a, i).fma(FloatVector.fromArray(SPECIES, b, offset + i), even);
      odd = FloatVector.fromArray(SPECIES, a, i + lanes)
          .fma(FloatVector.fromArray(SPECIES, b, offset + i + lanes), odd);
    }
    float sum = even.add(odd).reduceLanes(VectorOperators.ADD);
    for (; i < a.length; i++) {
      sum += a[i] * b[offset + i];
    }
    return sum;
  }
}
