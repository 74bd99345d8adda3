package io.tributary.projections.rag;

import io.tributary.projections.generations.Rebuildable;
import io.tributary.projections.projector.Projection;
import io.tributary.schemas.documents.EmbeddedDocument;
import io.tributary.schemas.topics.Topic;
import io.tributary.schemas.topics.Topics;
import java.util.List;
import org.jdbi.v3.core.Handle;

/**
 * Generations of the rag read model: schema {@code rag_g<N>} per generation, tables shaped like
 * the live generation's (so migrations stay the one source of their shape), and the views
 * {@code rag.documents} and {@code rag.chunks} pointed at the live one.
 */
public final class RagGenerations implements Rebuildable<String, EmbeddedDocument> {

  private final Topic<String, EmbeddedDocument> topic;
  private final String profile;

  /** Generations built from {@code docs.embedded.v1}, the pipeline deployed before any roll. */
  public RagGenerations() {
    this(Topics.DOCS_EMBEDDED, null);
  }

  /** Generations built from {@code topic}, produced by the embedding profile {@code profile} (JSON, or null). */
  public RagGenerations(Topic<String, EmbeddedDocument> topic, String profile) {
    this.topic = java.util.Objects.requireNonNull(topic, "topic");
    this.profile = profile;
  }

  @Override
  public String name() {
    return RagProjection.NAME;
  }

  @Override
  public Topic<String, EmbeddedDocument> topic() {
    return topic;
  }

  @Override
  public String profile() {
    return profile;
  }

  @Override
  public Projection<String, EmbeddedDocument> building(int generation) {
    return RagProjection.building(new RagGenerationSchema(generation), topic);
  }

  @Override
  public void create(Handle handle, int generation, int liveGeneration) {
    RagGenerationSchema target = new RagGenerationSchema(generation);
    RagGenerationSchema live = new RagGenerationSchema(liveGeneration);
    handle.createUpdate("CREATE SCHEMA <target>").define("target", target.name()).execute();
    // Columns, defaults, checks and the generated tsvector from the live tables; no indexes yet:
    // only the primary keys the upserts need, the rest after the bulk load. The chunks' foreign
    // key comes after the load too (see indexStatements): checked per row it costs the COPY a
    // lookup per chunk; added afterwards it is validated once, set-based, before the switch.
    for (String table : List.of("documents", "chunks")) {
      handle.createUpdate("CREATE TABLE <target>.<table> (LIKE <live>.<table>"
              + " INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING GENERATED INCLUDING STORAGE)")
          .define("target", target.name())
          .define("live", live.name())
          .define("table", table)
          .execute();
    }
    handle.createUpdate("ALTER TABLE <target>.documents ADD PRIMARY KEY (tenant, document_id)")
        .define("target", target.name()).execute();
    handle.createUpdate("ALTER TABLE <target>.chunks ADD PRIMARY KEY (tenant, document_id, chunk_index)")
        .define("target", target.name()).execute();
  }

  /**
   * The chunks' foreign key, validated over the whole table in one pass; a no-op when a killed
   * build already committed it. Until it exists every write path deletes chunks explicitly, so
   * nothing relies on its cascade.
   *
   * <p>Finished SQL, not a template: the table name sits in a string literal, where jdbi's {@code
   * define} does not reach, and a DO block takes no bind parameters. Built from the validated
   * generation number only.
   */
  private static String foreignKeyStatement(RagGenerationSchema target) {
    String constraint = "chunks_tenant_document_id_fkey";
    return "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conname = '" + constraint
        + "' AND conrelid = '" + target.chunks() + "'::regclass) THEN ALTER TABLE " + target.chunks()
        + " ADD CONSTRAINT " + constraint + " FOREIGN KEY (tenant, document_id) REFERENCES " + target.documents()
        + " (tenant, document_id) ON DELETE CASCADE; END IF; END $$";
  }

  @Override
  public List<String> indexStatements(Handle handle, int generation, int liveGeneration) {
    RagGenerationSchema target = new RagGenerationSchema(generation);
    RagGenerationSchema live = new RagGenerationSchema(liveGeneration);
    // The live generation's secondary indexes, from the catalogue, re-pointed at the new schema.
    // They stay finished statements (IndexBuild runs them as they are): a catalogue definition is
    // not a template that define could fill in.
    List<String> definitions = handle
        .createQuery(
            """
            SELECT pg_get_indexdef(i.indexrelid) FROM pg_index i
            JOIN pg_class t ON t.oid = i.indrelid JOIN pg_namespace n ON n.oid = t.relnamespace
            WHERE n.nspname = :schema AND NOT i.indisprimary ORDER BY 1
            """)
        .bind("schema", live.name())
        .mapTo(String.class)
        .list();
    String from = " ON " + live.name() + ".";
    String to = " ON " + target.name() + ".";
    List<String> statements = new java.util.ArrayList<>();
    for (String definition : definitions) {
      if (!definition.contains(from)) {
        throw new IllegalStateException("unexpected index definition in " + live.name() + ": " + definition);
      }
      // IF NOT EXISTS: a resumed build creates only what a killed one did not commit.
      statements.add(definition.replace(from, to)
          .replaceFirst("^CREATE (UNIQUE )?INDEX ", "CREATE $1INDEX IF NOT EXISTS "));
    }
    // Last: it waits for the chunks' index builds (its lock conflicts with theirs), then checks once.
    statements.add(foreignKeyStatement(target));
    return statements;
  }

  @Override
  public void makeLive(Handle handle, int generation) {
    RagGenerationSchema target = new RagGenerationSchema(generation);
    // Both views at once, in the order searches lock them (chunks, then documents): replacing one
    // view while a search holds the other and waits for it would be a deadlock, and Postgres could
    // pick the search as its victim.
    handle.execute("LOCK TABLE rag.chunks, rag.documents IN ACCESS EXCLUSIVE MODE");
    // CREATE OR REPLACE VIEW is transactional: readers see the old generation or the new one, never a mix.
    handle.createUpdate("CREATE OR REPLACE VIEW rag.documents AS SELECT * FROM <schema>.documents")
        .define("schema", target.name()).execute();
    handle.createUpdate("CREATE OR REPLACE VIEW rag.chunks AS SELECT * FROM <schema>.chunks")
        .define("schema", target.name()).execute();
  }

  @Override
  public int stopOrphanIndexBuilds(Handle handle, int generation) {
    return handle.createQuery(
            """
            SELECT count(*) FILTER (WHERE pg_terminate_backend(p.pid)) FROM pg_stat_progress_create_index p
            JOIN pg_class c ON c.oid = p.relid JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = :schema AND p.pid <> pg_backend_pid()
            """)
        .bind("schema", new RagGenerationSchema(generation).name())
        .mapTo(Integer.class)
        .one();
  }

  @Override
  public void drop(Handle handle, int generation) {
    handle.createUpdate("DROP SCHEMA IF EXISTS <schema> CASCADE")
        .define("schema", new RagGenerationSchema(generation).name()).execute();
  }
}
