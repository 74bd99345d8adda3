package io.tributary.streams.intents;

/**
 * Eight independent sums let the CPU overlap the multiplications (one running sum waits on each
 * addition); the JIT does not vectorise a float reduction by itself.
 */
final class ScalarDotProduct implements DotProduct {

  @Override
  public double dot(float[] a, float[] b, int offset) {
    float s0 = 0;
    float s1 = 0;
    float s2 = 0;
    float s3 = 0;
    float s4 = 0;
    float s5 = 0;
    float s6 = 0;
    float s7 = 0;
    int i = 0;
    int end = a.length - a.length % 8;
    for (; i < end; i += 8) {
      int j = offset + i;
      s0 += a[i] * b[j];
      s1 += a[i + 1] * b[j + 1];
      s2 += a[i + 2] * b[j + 2];
      s3 += a[i + 3] * b[j + 3];
      s4 += a[i + 4] * b[j + 4];
      s5 += a[i + 5] * b[j + 5];
      s6 += a[i + 6] * b[j + 6];
      s7 += a[i + 7] * b[j + 7];
    }
    for (; i < a.length; i++) {
      s0 += a[i] * b[offset + i];
    }
    return (s0 + s1) + (s2 + s3) + ((s4 + s5) + (s6 + s7));
  }
}
