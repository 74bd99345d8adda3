package io.tributary.embedded;

import java.nio.file.Path;

/** A JVM that starts a server, prints its pid and waits to be killed: see {@link OrphanTest}. */
public final class WatchdogProbe {

  private WatchdogProbe() {
  }

  public static void main(String[] args) throws InterruptedException {
    Path dir = Path.of(args[1]);
    AutoCloseable server = switch (args[0]) {
      case "redis" -> new EmbeddedRedis(dir);
      case "postgres" -> new EmbeddedPostgres(dir, PostgresOptions.defaults().forTests());
      default -> throw new IllegalArgumentException(args[0]);
    };
    long pid = server instanceof EmbeddedRedis redis ? redis.pid() : ((EmbeddedPostgres) server).pid();
    System.out.println("pid=" + pid);
    System.out.flush();
    Thread.sleep(60_000);
  }
}
