package io.tributary.edge.health;

import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;

/** Ready when the broker cluster answers a describe-cluster call within a second. */
public final class KafkaCheck implements ReadinessCheck {

  private final Admin admin;

  public KafkaCheck(Admin admin) {
    this.admin = admin;
  }

  @Override
  public String name() {
    return "kafka";
  }

  @Override
  public CheckResult check() {
    try {
      int brokers =
          admin.describeCluster(new DescribeClusterOptions().timeoutMs(1_000))
              .nodes().get(1_500, TimeUnit.MILLISECONDS).size();
      return brokers > 0 ? CheckResult.up(brokers + " broker(s)") : CheckResult.down("no brokers");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return CheckResult.down("interrupted");
    } catch (Exception e) {
      return CheckResult.down("unreachable (" + e.getClass().getSimpleName() + ")");
    }
  }
}
