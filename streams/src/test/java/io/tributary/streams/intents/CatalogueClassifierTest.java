package io.tributary.streams.intents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.tributary.schemas.agents.AgentCatalogue;
import io.tributary.schemas.agents.AgentDefinition;
import io.tributary.schemas.agents.AgentScoring;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CatalogueClassifierTest {

  private static final int DIMENSIONS = 16;

  /** Examples of agent {@code a} scattered around axis {@code a}. */
  private static List<float[]> clusters(int agents, int perAgent, Random random, List<Integer> owners) {
    List<float[]> vectors = new ArrayList<>();
    for (int a = 0; a < agents; a++) {
      for (int e = 0; e < perAgent; e++) {
        float[] v = new float[DIMENSIONS];
        v[a] = 1;
        for (int j = 0; j < DIMENSIONS; j++) {
          v[j] += (float) (0.3 * random.nextGaussian());
        }
        vectors.add(unit(v));
        owners.add(a);
      }
    }
    return vectors;
  }

  private static float[] unit(float[] v) {
    double norm = 0;
    for (float x : v) {
      norm += x * x;
    }
    for (int j = 0; j < v.length; j++) {
      v[j] /= (float) Math.sqrt(norm);
    }
    return v;
  }

  private static float[] axis(int... axes) {
    float[] v = new float[DIMENSIONS];
    for (int a : axes) {
      v[a] = 1;
    }
    return unit(v);
  }

  @Test
  void shouldGiveEachMessageAProbabilityPerAgentThatPeaksAtItsCluster() {
    List<Integer> owners = new ArrayList<>();
    List<float[]> vectors = clusters(4, 8, new Random(1), owners);
    CatalogueClassifier classifier = CatalogueClassifier.train(vectors,
        owners.stream().mapToInt(Integer::intValue).toArray(), 4);

    double[] onAxisTwo = classifier.probabilities(axis(2));
    double[] unlikeAny = classifier.probabilities(axis(10));

    assertThat(Arrays.stream(onAxisTwo).sum()).isCloseTo(1, within(1e-9));
    assertThat(onAxisTwo[2]).isGreaterThan(0.9);
    // Unlike every example, no agent is likely: what a threshold sends to default.
    for (int agent = 0; agent < 4; agent++) {
      assertThat(Arrays.stream(unlikeAny).max().orElseThrow())
          .isLessThan(classifier.probabilities(axis(agent))[agent] - 0.3);
    }
  }

  @Test
  void shouldTrainTheSameClassifierFromTheSameExamples() {
    List<Integer> owners = new ArrayList<>();
    List<float[]> vectors = clusters(3, 5, new Random(2), owners);
    int[] agentOf = owners.stream().mapToInt(Integer::intValue).toArray();

    float[] message = axis(1, 2);
    assertThat(CatalogueClassifier.train(vectors, agentOf, 3).probabilities(message))
        .containsExactly(CatalogueClassifier.train(vectors, agentOf, 3).probabilities(message));
  }

  @Test
  void shouldComputeTheGradientOfItsObjective() {
    List<Integer> owners = new ArrayList<>();
    List<float[]> vectors = clusters(3, 4, new Random(3), owners);
    double[][] x = vectors.stream().map(v -> {
      double[] d = new double[v.length];
      for (int j = 0; j < v.length; j++) {
        d[j] = v[j];
      }
      return d;
    }).toArray(double[][]::new);
    CatalogueClassifier.Objective objective = new CatalogueClassifier.Objective(x,
        owners.stream().mapToInt(Integer::intValue).toArray(), 3, DIMENSIONS);
    Random random = new Random(4);
    double[] p = new double[3 * (DIMENSIONS + 1)];
    for (int i = 0; i < p.length; i++) {
      p[i] = random.nextGaussian();
    }
    double[] gradient = new double[p.length];
    objective.evaluate(p, gradient);

    double h = 1e-6;
    for (int i = 0; i < p.length; i++) {
      double[] up = p.clone();
      double[] down = p.clone();
      up[i] += h;
      down[i] -= h;
      double numeric = (objective.evaluate(up, new double[p.length]) - objective.evaluate(down, new double[p.length]))
          / (2 * h);
      assertThat(gradient[i]).as("partial derivative %d", i).isCloseTo(numeric, within(1e-6));
    }
  }

  @Test
  void shouldSeparateTheAgentsOfTheLargestCatalogueAllowed() {
    // 100 agents of 49 examples and a description: AgentCatalogue.MAX_CLASSIFIER_SIZE, at the model's 384 dimensions.
    int agents = 100;
    int perAgent = 50;
    int dimensions = 384;
    Random random = new Random(5);
    List<float[]> vectors = new ArrayList<>();
    int[] agentOf = new int[agents * perAgent];
    for (int a = 0; a < agents; a++) {
      float[] centre = new float[dimensions];
      for (int j = 0; j < dimensions; j++) {
        centre[j] = (float) random.nextGaussian();
      }
      for (int e = 0; e < perAgent; e++) {
        float[] v = new float[dimensions];
        for (int j = 0; j < dimensions; j++) {
          v[j] = centre[j] + (float) (1.5 * random.nextGaussian());
        }
        agentOf[vectors.size()] = a;
        vectors.add(unit(v));
      }
    }
    assertThat((long) vectors.size() * agents).isEqualTo(500_000);

    CatalogueClassifier classifier = CatalogueClassifier.train(vectors, agentOf, agents);

    int right = 0;
    for (int i = 0; i < vectors.size(); i++) {
      double[] p = classifier.probabilities(vectors.get(i));
      int best = 0;
      for (int a = 1; a < agents; a++) {
        best = p[a] > p[best] ? a : best;
      }
      right += best == agentOf[i] ? 1 : 0;
    }
    assertThat(right).isGreaterThan(vectors.size() * 99 / 100);
  }

  @Test
  void shouldRefuseFewerThanTwoAgents() {
    assertThatThrownBy(() -> CatalogueClassifier.train(List.of(axis(0)), new int[] {0}, 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("two agents");
  }

  @Test
  void shouldScoreAClassifierCatalogueWithProbabilitiesAndKeepThresholdsOutOfItsTraining() {
    AgentCatalogue catalogue = AgentCatalogue.of(0.3, 0.5, List.of(
        new AgentDefinition("billing", "Invoices and refunds", List.of("refund my order", "invoice copy"), null, null),
        new AgentDefinition("shipping", "Parcels and delivery", List.of("where is my parcel"), null, null),
        new AgentDefinition("hr", "", List.of("holiday request", "payslip"), null, null)), null, null,
        AgentScoring.CLASSIFIER);
    CatalogueIndex index = CatalogueIndex.build(catalogue, new NoiseEmbedder());
    float[] example = new NoiseEmbedder().embed(List.of("where is my parcel")).getFirst();

    List<AgentScore> scores = index.score(example);

    assertThat(scores.getFirst().agent()).isEqualTo("shipping");
    assertThat(scores.stream().mapToDouble(AgentScore::score).sum()).isCloseTo(1, within(1e-9));
    assertThat(CatalogueIndex.trainingKey(catalogue.withThresholds(Map.of("hr", 0.6))))
        .isEqualTo(CatalogueIndex.trainingKey(catalogue));
    AgentCatalogue moreExamples = catalogue.withThresholds(Map.of()).withScoring(AgentScoring.CLASSIFIER);
    assertThat(CatalogueIndex.trainingKey(AgentCatalogue.of(0.3, 0.5, List.of(
        new AgentDefinition("billing", "Invoices and refunds", List.of("refund my order"), null, null),
        new AgentDefinition("shipping", "Parcels and delivery", List.of("invoice copy", "where is my parcel"), null,
            null),
        new AgentDefinition("hr", "", List.of("holiday request", "payslip"), null, null)), null, null,
        AgentScoring.CLASSIFIER))).isNotEqualTo(CatalogueIndex.trainingKey(moreExamples));
  }
}
