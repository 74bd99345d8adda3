package io.tributary.streams.intents;

import io.tributary.embedding.Embedder;
import java.util.List;
import java.util.Random;

/**
 * A random unit vector per text, the same for the same text: no text says anything about its
 * agent, and every text is nearest itself. For tests about what is embedded when, not about meaning.
 */
public final class NoiseEmbedder implements Embedder {

  private static final int DIMENSIONS = 32;

  @Override
  public String modelId() {
    return "noise";
  }

  @Override
  public int dimensions() {
    return DIMENSIONS;
  }

  @Override
  public List<float[]> embed(List<String> texts) {
    return texts.stream().map(NoiseEmbedder::vector).toList();
  }

  private static float[] vector(String text) {
    Random random = new Random(text.hashCode());
    float[] v = new float[DIMENSIONS];
    double norm = 0;
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) random.nextGaussian();
      norm += v[i] * v[i];
    }
    for (int i = 0; i < v.length; i++) {
      v[i] /= (float) Math.sqrt(norm);
    }
    return v;
  }
}
