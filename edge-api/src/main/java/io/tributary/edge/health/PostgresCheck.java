package io.tributary.edge.health;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/** Ready when Postgres answers a trivial query within a second. */
public final class PostgresCheck implements ReadinessCheck {

  private final DataSource dataSource;

  public PostgresCheck(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  @Override
  public String name() {
    return "postgres";
  }

  @Override
  public CheckResult check() {
    try (Connection connection = dataSource.getConnection()) {
      return connection.isValid(1) ? CheckResult.up("connected") : CheckResult.down("connection not valid");
    } catch (SQLException e) {
      // SQL states are safe to show; messages may carry host names and are not.
      return CheckResult.down("unreachable (SQLState " + e.getSQLState() + ")");
    }
  }
}
