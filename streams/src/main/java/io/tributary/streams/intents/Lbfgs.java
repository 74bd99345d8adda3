package io.tributary.streams.intents;

/**
 * Limited-memory BFGS with a backtracking (Armijo) line search: minimises a smooth function of a
 * few tens of thousands of parameters in a few hundred evaluations. Deterministic: the same
 * function and start give the same result on every JVM.
 */
final class Lbfgs {

  /** A function to minimise: writes its gradient at {@code x} into {@code gradient}, returns its value. */
  interface Objective {
    double evaluate(double[] x, double[] gradient);
  }

  /** Where the search stopped. */
  record Result(double[] x, double value, int iterations, boolean converged) {}

  private static final int MEMORY = 10;
  private static final double ARMIJO = 1e-4;
  private static final int MAX_BACKTRACKS = 40;

  private final int maxIterations;
  private final double gradientTolerance;
  private final double relativeTolerance;

  /**
   * @param gradientTolerance stop once no partial derivative exceeds this
   * @param relativeTolerance stop once an iteration lowers the value by less than this share of it
   */
  Lbfgs(int maxIterations, double gradientTolerance, double relativeTolerance) {
    this.maxIterations = maxIterations;
    this.gradientTolerance = gradientTolerance;
    this.relativeTolerance = relativeTolerance;
  }

  Result minimise(Objective f, double[] start) {
    int n = start.length;
    double[] x = start.clone();
    double[] g = new double[n];
    double value = f.evaluate(x, g);
    double[][] s = new double[MEMORY][];
    double[][] y = new double[MEMORY][];
    double[] rho = new double[MEMORY];
    double[] alpha = new double[MEMORY];
    int stored = 0;
    int newest = -1;
    double[] nextX = new double[n];
    double[] nextG = new double[n];
    for (int iteration = 1; iteration <= maxIterations; iteration++) {
      if (maxAbs(g) <= gradientTolerance) {
        return new Result(x, value, iteration - 1, true);
      }
      double[] direction = g.clone();
      for (int k = 0; k < stored; k++) {
        int i = Math.floorMod(newest - k, MEMORY);
        alpha[i] = rho[i] * dot(s[i], direction);
        axpy(-alpha[i], y[i], direction);
      }
      double scale = stored == 0 ? 1 / Math.sqrt(dot(g, g)) : dot(s[newest], y[newest]) / dot(y[newest], y[newest]);
      for (int j = 0; j < n; j++) {
        direction[j] *= -scale;
      }
      for (int k = stored - 1; k >= 0; k--) {
        int i = Math.floorMod(newest - k, MEMORY);
        double beta = rho[i] * dot(y[i], direction);
        axpy(-(alpha[i] + beta), s[i], direction);
      }
      double slope = dot(g, direction);
      if (slope >= 0) {
        // Curvature pairs gone stale: restart from steepest descent.
        stored = 0;
        double norm = Math.sqrt(dot(g, g));
        for (int j = 0; j < n; j++) {
          direction[j] = -g[j] / norm;
        }
        slope = dot(g, direction);
      }
      double step = 1;
      double nextValue = Double.NaN;
      boolean accepted = false;
      for (int tries = 0; tries < MAX_BACKTRACKS; tries++) {
        for (int j = 0; j < n; j++) {
          nextX[j] = x[j] + step * direction[j];
        }
        nextValue = f.evaluate(nextX, nextG);
        if (nextValue <= value + ARMIJO * step * slope) {
          accepted = true;
          break;
        }
        step /= 2;
      }
      if (!accepted) {
        return new Result(x, value, iteration, false);
      }
      double[] sNew = new double[n];
      double[] yNew = new double[n];
      for (int j = 0; j < n; j++) {
        sNew[j] = nextX[j] - x[j];
        yNew[j] = nextG[j] - g[j];
      }
      double sy = dot(sNew, yNew);
      // A pair without positive curvature would make the next direction an ascent: it is skipped.
      if (sy > 1e-10 * dot(yNew, yNew)) {
        newest = (newest + 1) % MEMORY;
        s[newest] = sNew;
        y[newest] = yNew;
        rho[newest] = 1 / sy;
        stored = Math.min(stored + 1, MEMORY);
      }
      double previous = value;
      System.arraycopy(nextX, 0, x, 0, n);
      System.arraycopy(nextG, 0, g, 0, n);
      value = nextValue;
      if (previous - value <= relativeTolerance * Math.max(Math.abs(value), 1)) {
        return new Result(x, value, iteration, true);
      }
    }
    return new Result(x, value, maxIterations, false);
  }

  private static double dot(double[] a, double[] b) {
    double sum = 0;
    for (int i = 0; i < a.length; i++) {
      sum += a[i] * b[i];
    }
    return sum;
  }

  private static void axpy(double a, double[] x, double[] y) {
    for (int i = 0; i < x.length; i++) {
      y[i] += a * x[i];
    }
  }

  private static double maxAbs(double[] v) {
    double max = 0;
    for (double d : v) {
      max = Math.max(max, Math.abs(d));
    }
    return max;
  }
}
