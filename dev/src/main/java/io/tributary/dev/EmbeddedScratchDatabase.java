package io.tributary.dev;

import io.tributary.embedded.EmbeddedPostgres;
import io.tributary.embedded.PostgresOptions;
import io.tributary.platform.eval.ScratchDatabase;

/** A scratch database in a temporary embedded Postgres, removed with its data directory on close. */
public final class EmbeddedScratchDatabase implements ScratchDatabase {

  private final EmbeddedPostgres postgres;
  private final String jdbcUrl;

  private EmbeddedScratchDatabase(EmbeddedPostgres postgres, String jdbcUrl) {
    this.postgres = postgres;
    this.jdbcUrl = jdbcUrl;
  }

  @Override
  public String jdbcUrl() {
    return jdbcUrl;
  }

  @Override
  public void close() {
    postgres.close();
  }

  /** Found by {@link java.util.ServiceLoader} through {@code META-INF/services}. */
  public static final class Provider implements ScratchDatabase.Provider {

    @Override
    public ScratchDatabase start() {
      // Test settings (no fsync): the evaluation throws the data away when it ends.
      EmbeddedPostgres postgres = EmbeddedPostgres.startTemporary(PostgresOptions.defaults().forTests());
      try {
        return new EmbeddedScratchDatabase(postgres, postgres.createDatabase("tributary_eval"));
      } catch (RuntimeException e) {
        postgres.close();
        throw e;
      }
    }
  }
}
