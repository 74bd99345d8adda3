package io.tributary.edge.health;

/** One dependency or component whose state decides whether the process is ready. */
public interface ReadinessCheck {

  /** Short stable name shown in the readiness body, e.g. {@code postgres}. */
  String name();

  /** Checks now; must return within about a second and never throw. */
  CheckResult check();

  /**
   * Whether the process is not ready while this check is down; false for a dependency the process
   * serves without (degraded), such as the API's cache.
   */
  default boolean required() {
    return true;
  }

  /** A check named {@code name} that runs {@code check}. */
  static ReadinessCheck of(String name, java.util.function.Supplier<CheckResult> check) {
    return new ReadinessCheck() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public CheckResult check() {
        return check.get();
      }
    };
  }

  /** The outcome of one check. */
  record CheckResult(boolean up, String detail) {
    public static CheckResult up(String detail) {
      return new CheckResult(true, detail);
    }

    public static CheckResult down(String detail) {
      return new CheckResult(false, detail);
    }
  }
}
