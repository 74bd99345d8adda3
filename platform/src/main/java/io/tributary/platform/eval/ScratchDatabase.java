package io.tributary.platform.eval;

import io.tributary.platform.UserError;
import java.util.ServiceLoader;

/** A throwaway, empty Postgres database with pgvector for an in-process evaluation; closing it removes it. */
public interface ScratchDatabase extends AutoCloseable {

  /** JDBC URL of the empty database, with its credentials. */
  String jdbcUrl();

  @Override
  void close();

  /** Starts scratch databases; the development build ships one, the production jar none. */
  interface Provider {

    /** A started scratch database. */
    ScratchDatabase start();
  }

  /** A scratch database from the provider on the class path. */
  static ScratchDatabase start() {
    Provider provider = ServiceLoader.load(Provider.class).findFirst().orElseThrow(() -> new UserError(
        "an in-process evaluation starts a temporary Postgres, which only the development build can do"
            + " (./tributary eval ... from a source checkout); against a running deployment pass --api URL"));
    return provider.start();
  }
}
