package io.tributary.platform.roll;

import io.tributary.embedding.Embedder;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Vectors drawn from a seed taken from the text: the same text always gets the same unit vector,
 * different texts look unrelated. Fast enough to embed tens of thousands of chunks in a test.
 */
final class SyntheticEmbedder implements Embedder {

  @Override
  public String modelId() {
    return "synthetic-384";
  }

  @Override
  public int dimensions() {
    return 384;
  }

  @Override
  public List<float[]> embed(List<String> texts) {
    List<float[]> vectors = new ArrayList<>(texts.size());
    for (String text : texts) {
      Random random = new Random(text.hashCode());
      float[] vector = new float[384];
      double norm = 0;
      for (int i = 0; i < vector.length; i++) {
        vector[i] = (float) random.nextGaussian();
        norm += vector[i] * vector[i];
      }
      for (int i = 0; i < vector.length; i++) {
        vector[i] /= (float) Math.sqrt(norm);
      }
      vectors.add(vector);
    }
    return vectors;
  }
}
