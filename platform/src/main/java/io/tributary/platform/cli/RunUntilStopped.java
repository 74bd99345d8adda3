package io.tributary.platform.cli;

import io.tributary.platform.roles.Closer;
import java.util.concurrent.CountDownLatch;

/** Keeps a role process alive until SIGINT/SIGTERM, then closes everything it started, in order. */
public final class RunUntilStopped {

  private RunUntilStopped() {}

  public static int await(Closer closer) {
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      closer.close();
      stopped.countDown();
    }, "tributary-shutdown"));
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 0;
  }
}
