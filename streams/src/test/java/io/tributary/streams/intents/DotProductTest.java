package io.tributary.streams.intents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class DotProductTest {

  @Test
  void shouldScanWithSimdWhenTheJvmHasTheVectorApi() {
    // The build runs tests with --add-modules jdk.incubator.vector, as the launcher runs the product.
    assertThat(ModuleLayer.boot().findModule("jdk.incubator.vector")).isPresent();
    assertThat(DotProduct.fastest()).isInstanceOf(SimdDotProduct.class);
  }

  @Test
  void shouldAgreeWithADoublePrecisionSumForEveryLengthAndOffset() {
    Random random = new Random(11);
    DotProduct scalar = new ScalarDotProduct();
    DotProduct simd = new SimdDotProduct();
    for (int length : new int[] {1, 7, 8, 15, 16, 17, 31, 33, 384, 1024}) {
      for (int offset : new int[] {0, 3, length}) {
        float[] a = new float[length];
        float[] b = new float[offset + length + 5];
        for (int i = 0; i < length; i++) {
          a[i] = random.nextFloat() - 0.5f;
          b[offset + i] = random.nextFloat() - 0.5f;
        }
        double expected = 0;
        for (int i = 0; i < length; i++) {
          expected += (double) a[i] * b[offset + i];
        }

        assertThat(scalar.dot(a, b, offset)).as("scalar, length %d offset %d", length, offset)
            .isCloseTo(expected, within(1e-4));
        assertThat(simd.dot(a, b, offset)).as("simd, length %d offset %d", length, offset)
            .isCloseTo(expected, within(1e-4));
      }
    }
  }
}
