package io.tributary.edge.health;

import io.lettuce.core.api.StatefulRedisConnection;
import java.util.concurrent.TimeUnit;

/**
 * Whether Redis answers PING within a second. Not required: without Redis the API still serves
 * every request, uncached, so readiness stays UP and the body says the cache is down.
 */
public final class RedisCheck implements ReadinessCheck {

  private final StatefulRedisConnection<String, String> connection;

  public RedisCheck(StatefulRedisConnection<String, String> connection) {
    this.connection = connection;
  }

  @Override
  public String name() {
    return "redis";
  }

  @Override
  public boolean required() {
    return false;
  }

  @Override
  public CheckResult check() {
    try {
      String pong = connection.async().ping().get(1, TimeUnit.SECONDS);
      return "PONG".equals(pong) ? CheckResult.up("PONG") : CheckResult.down("unexpected reply");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return CheckResult.down("interrupted");
    } catch (Exception e) {
      return CheckResult.down("unreachable (" + e.getClass().getSimpleName() + "); serving uncached");
    }
  }
}
