package io.tributary.streams.intents;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A softmax (multinomial logistic) classifier over a catalogue's example and description vectors:
 * each agent's probability for a message (ADR 0033). Trained to convergence with L2
 * regularisation {@value #REGULARISATION}, so the same catalogue always gives the same classifier:
 * exponentials and logarithms go through {@link StrictMath}, whose results do not depend on the
 * CPU, so router instances on different machines agree. Immutable, so threads share it.
 */
final class CatalogueClassifier {

  private static final Logger log = LoggerFactory.getLogger(CatalogueClassifier.class);

  /**
   * Weight of {@code ½ · |W|²} against the mean cross-entropy: chosen by cross-validation on the
   * tune splits of the routing sets (docs/quality.md). Larger flattens the probabilities (more
   * messages below a threshold), smaller sharpens them.
   */
  static final double REGULARISATION = 1e-5;

  private static final Lbfgs SOLVER = new Lbfgs(1_000, 1e-7, 1e-12);

  /** One row of weights per agent. */
  private final double[][] weights;
  private final double[] bias;

  private CatalogueClassifier(double[][] weights, double[] bias) {
    this.weights = weights;
    this.bias = bias;
  }

  /**
   * Trains on {@code vectors}, the {@code i}-th an example of agent {@code agentOf[i]} (0 to
   * {@code agents − 1}). Every agent needs at least one vector.
   */
  static CatalogueClassifier train(List<float[]> vectors, int[] agentOf, int agents) {
    if (vectors.isEmpty() || vectors.size() != agentOf.length || agents < 2) {
      throw new IllegalArgumentException("a classifier needs vectors of two agents or more");
    }
    int dimensions = vectors.getFirst().length;
    double[][] x = new double[vectors.size()][];
    for (int i = 0; i < x.length; i++) {
      float[] v = vectors.get(i);
      x[i] = new double[dimensions];
      for (int j = 0; j < dimensions; j++) {
        x[i][j] = v[j];
      }
    }
    long started = System.nanoTime();
    Lbfgs.Result result = SOLVER.minimise(new Objective(x, agentOf, agents, dimensions),
        new double[agents * (dimensions + 1)]);
    log.info("trained a routing classifier on {} vectors of {} agents: {} iterations, {}, {} ms", x.length, agents,
        result.iterations(), result.converged() ? "converged" : "stopped at the iteration limit",
        (System.nanoTime() - started) / 1_000_000);
    double[] parameters = result.x();
    double[][] weights = new double[agents][dimensions];
    double[] bias = new double[agents];
    for (int c = 0; c < agents; c++) {
      System.arraycopy(parameters, c * dimensions, weights[c], 0, dimensions);
      bias[c] = parameters[agents * dimensions + c];
    }
    return new CatalogueClassifier(weights, bias);
  }

  /** Each agent's probability for {@code message}, in training order; they sum to 1. */
  double[] probabilities(float[] message) {
    double[] logits = new double[weights.length];
    for (int c = 0; c < weights.length; c++) {
      double[] w = weights[c];
      double sum = bias[c];
      for (int j = 0; j < w.length; j++) {
        sum += w[j] * message[j];
      }
      logits[c] = sum;
    }
    return softmax(logits);
  }

  /** {@code exp(z) / Σ exp(z)} in place, shifted by the largest so that nothing overflows. */
  static double[] softmax(double[] z) {
    double max = Double.NEGATIVE_INFINITY;
    for (double v : z) {
      max = Math.max(max, v);
    }
    double total = 0;
    for (int c = 0; c < z.length; c++) {
      z[c] = StrictMath.exp(z[c] - max);
      total += z[c];
    }
    for (int c = 0; c < z.length; c++) {
      z[c] /= total;
    }
    return z;
  }

  /**
   * Mean cross-entropy plus {@code λ/2 · |W|²} (biases not regularised); parameters are the agents'
   * weight rows one after the other, then the biases.
   */
  record Objective(double[][] x, int[] agentOf, int agents, int dimensions) implements Lbfgs.Objective {

    @Override
    public double evaluate(double[] p, double[] gradient) {
      int n = x.length;
      int biasAt = agents * dimensions;
      java.util.Arrays.fill(gradient, 0);
      double loss = 0;
      double[] z = new double[agents];
      for (int i = 0; i < n; i++) {
        double[] xi = x[i];
        for (int c = 0; c < agents; c++) {
          z[c] = p[biasAt + c] + dot(p, c * dimensions, xi);
        }
        double max = Double.NEGATIVE_INFINITY;
        for (double v : z) {
          max = Math.max(max, v);
        }
        // In the log domain for the loss: a label far below the best logit must not underflow to log 0.
        double labelled = z[agentOf[i]] - max;
        double total = 0;
        for (int c = 0; c < agents; c++) {
          z[c] = StrictMath.exp(z[c] - max);
          total += z[c];
        }
        loss -= labelled - StrictMath.log(total);
        for (int c = 0; c < agents; c++) {
          double residual = (z[c] / total - (c == agentOf[i] ? 1 : 0)) / n;
          int row = c * dimensions;
          for (int j = 0; j < dimensions; j++) {
            gradient[row + j] += residual * xi[j];
          }
          gradient[biasAt + c] += residual;
        }
      }
      double penalty = 0;
      for (int j = 0; j < biasAt; j++) {
        penalty += p[j] * p[j];
        gradient[j] += REGULARISATION * p[j];
      }
      return loss / n + REGULARISATION / 2 * penalty;
    }

    /** Four running sums: the JIT keeps them in registers and the loop is not one long chain. */
    private static double dot(double[] p, int offset, double[] xi) {
      double s0 = 0;
      double s1 = 0;
      double s2 = 0;
      double s3 = 0;
      int j = 0;
      int bound = xi.length - 3;
      for (; j < bound; j += 4) {
        s0 += p[offset + j] * xi[j];
        s1 += p[offset + j + 1] * xi[j + 1];
        s2 += p[offset + j + 2] * xi[j + 2];
        s3 += p[offset + j + 3] * xi[j + 3];
      }
      for (; j < xi.length; j++) {
        s0 += p[offset + j] * xi[j];
      }
      return s0 + s1 + s2 + s3;
    }
  }
}
