package io.tributary.streams.intents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.tributary.embedding.Embedder;
import io.tributary.schemas.agents.AgentCatalogue;
import io.tributary.schemas.agents.AgentDefinition;
import io.tributary.schemas.agents.LabelledExample;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The vote on hand-made unit vectors: which neighbours count and how much. */
class ExampleIndexTest {

  /** Each text names its vector: "x", "y", "xy" (45 degrees), "-x". */
  private static final Embedder AXES = new Embedder() {
    @Override
    public String modelId() {
      return "axes";
    }

    @Override
    public int dimensions() {
      return 2;
    }

    @Override
    public List<float[]> embed(List<String> texts) {
      return texts.stream().map(ExampleIndexTest::vector).toList();
    }
  };

  private static final AgentCatalogue CATALOGUE = AgentCatalogue.of(0.3, 1.0, List.of(
      new AgentDefinition("east", "", List.of("x"), null, null),
      new AgentDefinition("north", "", List.of("y"), null, null)), null);

  @Test
  void shouldShareTheVoteOfTheKNearestBySimilarity() {
    ExampleIndex index = index(List.of(new LabelledExample("xy", "north", Instant.EPOCH)));

    Map<String, Double> votes = index.vote(vector("x"), 2);

    // Nearest: x (east, similarity 1) and xy (north, 0.707); y is third and left out.
    assertThat(votes.get("east")).isCloseTo(1 / (1 + Math.sqrt(0.5)), within(1e-6));
    assertThat(votes.get("north")).isCloseTo(Math.sqrt(0.5) / (1 + Math.sqrt(0.5)), within(1e-6));
    assertThat(index.size()).isEqualTo(3);
    assertThat(index.labels()).isEqualTo(1);
  }

  @Test
  void shouldLetDefaultLabelsVoteForNoAgent() {
    ExampleIndex index = index(List.of(new LabelledExample("x", "default", Instant.EPOCH)));

    Map<String, Double> votes = index.vote(vector("x"), 2);

    assertThat(votes.get("east")).isCloseTo(0.5, within(1e-6));
    assertThat(votes.get("default")).isCloseTo(0.5, within(1e-6));
  }

  @Test
  void shouldGiveNoWeightToExamplesPointingAway() {
    ExampleIndex index = index(List.of());

    assertThat(index.vote(vector("-x"), 1)).containsEntry("north", 0.0).hasSize(1);
  }

  @Test
  void shouldLeaveOutLabelsOfAgentsTheCatalogueDoesNotHave() {
    ExampleIndex index = index(List.of(new LabelledExample("xy", "retired-agent", Instant.EPOCH)));

    assertThat(index.size()).isEqualTo(2);
    assertThat(index.labels()).isZero();
  }

  @Test
  void shouldComputeTheSameDotProductAsTheCatalogueDoesForAnyLength() {
    java.util.Random random = new java.util.Random(7);
    for (int length : new int[] {1, 7, 8, 9, 384}) {
      float[] a = new float[length];
      float[] b = new float[length + 3];
      for (int i = 0; i < length; i++) {
        a[i] = random.nextFloat() - 0.5f;
        b[i + 3] = random.nextFloat() - 0.5f;
      }
      float[] aligned = java.util.Arrays.copyOfRange(b, 3, 3 + length);
      assertThat(ExampleIndex.dot(a, b, 3)).isCloseTo(CatalogueIndex.dot(a, aligned), within(1e-5));
    }
  }

  private static ExampleIndex index(List<LabelledExample> labels) {
    CatalogueIndex catalogue = CatalogueIndex.build(CATALOGUE, AXES);
    return ExampleIndex.of(catalogue, labels, AXES.embed(labels.stream().map(LabelledExample::text).toList()));
  }

  private static float[] vector(String name) {
    float h = (float) Math.sqrt(0.5);
    return switch (name) {
      case "x" -> new float[] {1, 0};
      case "y" -> new float[] {0, 1};
      case "xy" -> new float[] {h, h};
      case "-x" -> new float[] {-1, 0};
      default -> throw new IllegalArgumentException(name);
    };
  }
}
