package io.tributary.projections.testing;

import io.tributary.embedded.EmbeddedPostgres;
import io.tributary.embedded.testing.EmbeddedPostgresExtension;
import io.tributary.projections.db.Database;
import io.tributary.projections.db.Migrations;

/** A fresh database on the embedded PostgreSQL, migrated by the production Flyway scripts. */
public final class MigratedDatabase {

  private MigratedDatabase() {}

  /** Creates, connects and migrates a new database named after {@code prefix}; close it after use. */
  public static Database create(EmbeddedPostgres postgres, String prefix) {
    Database database = new Database(EmbeddedPostgresExtension.freshDatabase(postgres, prefix).jdbcUrl());
    Migrations.apply(database.dataSource());
    return database;
  }
}
