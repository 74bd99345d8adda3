package io.tributary.projections.testing;

import io.tributary.embedded.EmbeddedPostgres;
import io.tributary.embedded.testing.EmbeddedPostgresExtension;
import io.tributary.embedded.testing.TestDatabase;
import io.tributary.projections.db.Database;
import io.tributary.projections.db.Migrations;
import io.tributary.projections.rag.RagProjection;
import io.tributary.schemas.documents.EmbeddedDocument;
import io.tributary.schemas.topics.Topics;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** A fresh database on the embedded PostgreSQL, migrated by the production Flyway scripts. */
public final class MigratedDatabase {

  private MigratedDatabase() {}

  /** Creates, connects and migrates a new database named after {@code prefix}; close it after use. */
  public static Database create(EmbeddedPostgres postgres, String prefix) {
    Database database = new Database(EmbeddedPostgresExtension.freshDatabase(postgres, prefix).jdbcUrl());
    Migrations.apply(database.dataSource());
    return database;
  }

  /**
   * A new migrated database holding {@code documents} as the rag projection writes them, whose
   * planner may neither scan nor sort; close it after use.
   */
  public static Database searchedByIndex(EmbeddedPostgres postgres, String prefix, List<EmbeddedDocument> documents) {
    TestDatabase db = EmbeddedPostgresExtension.freshDatabase(postgres, prefix);
    try (Database writer = new Database(db.jdbcUrl())) {
      Migrations.apply(writer.dataSource());
      // So searches go through the HNSW index, as production's do at scale: tables this small
      // would otherwise be scanned and sorted exactly.
      writer.jdbi().useHandle(h -> {
        h.execute("ALTER DATABASE " + db.name() + " SET enable_seqscan = off");
        h.execute("ALTER DATABASE " + db.name() + " SET enable_sort = off");
      });
      List<ConsumerRecord<String, EmbeddedDocument>> batch = new ArrayList<>();
      documents.forEach(d -> batch.add(new ConsumerRecord<>(Topics.DOCS_EMBEDDED.name(), 0, batch.size(), d.id(), d)));
      writer.jdbi().useTransaction(h -> new RagProjection().apply(h, batch));
    }
    // A new pool: the settings hold only for sessions opened after them.
    return new Database(db.jdbcUrl());
  }
}
