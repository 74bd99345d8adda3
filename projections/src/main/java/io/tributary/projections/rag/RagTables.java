package io.tributary.projections.rag;

/** Facts about the {@code rag} read model that code must agree on with the migrations. */
public final class RagTables {

  /** Length of {@code rag.chunks.embedding}: {@code vector(384)} in V1 (all-MiniLM-L6-v2). */
  public static final int EMBEDDING_DIMENSIONS = 384;

  private RagTables() {}
}
