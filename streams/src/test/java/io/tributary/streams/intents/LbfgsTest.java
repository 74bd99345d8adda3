package io.tributary.streams.intents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class LbfgsTest {

  /** (1 − x)² + 100 (y − x²)², minimum 0 at (1, 1) at the end of a long curved valley. */
  private static final Lbfgs.Objective ROSENBROCK = (x, g) -> {
    double a = 1 - x[0];
    double b = x[1] - x[0] * x[0];
    g[0] = -2 * a - 400 * x[0] * b;
    g[1] = 200 * b;
    return a * a + 100 * b * b;
  };

  private final Lbfgs solver = new Lbfgs(500, 1e-9, 0);

  @Test
  void shouldFindTheMinimumOfAnIllConditionedQuadratic() {
    // f(x) = Σ c_i (x_i − i)², curvatures from 1 to 1,000.
    Lbfgs.Result result = solver.minimise((x, g) -> {
      double value = 0;
      for (int i = 0; i < x.length; i++) {
        double c = Math.pow(10, 3.0 * i / (x.length - 1));
        value += c * (x[i] - i) * (x[i] - i);
        g[i] = 2 * c * (x[i] - i);
      }
      return value;
    }, new double[20]);

    assertThat(result.converged()).as("%s", result).isTrue();
    for (int i = 0; i < 20; i++) {
      assertThat(result.x()[i]).isCloseTo(i, within(1e-6));
    }
  }

  @Test
  void shouldFollowTheRosenbrockValleyToItsMinimum() {
    Lbfgs.Result result = solver.minimise(ROSENBROCK, new double[] {-1.2, 1});

    assertThat(result.converged()).isTrue();
    assertThat(result.x()[0]).isCloseTo(1, within(1e-5));
    assertThat(result.x()[1]).isCloseTo(1, within(1e-5));
    assertThat(result.iterations()).isLessThan(200);
  }

  @Test
  void shouldStopAtTheIterationLimitAndSaySo() {
    Lbfgs.Result result = new Lbfgs(3, 0, 0).minimise(ROSENBROCK, new double[] {-1.2, 1});

    assertThat(result.converged()).isFalse();
    assertThat(result.iterations()).isEqualTo(3);
    assertThat(result.value()).isLessThan(24.2);
  }
}
