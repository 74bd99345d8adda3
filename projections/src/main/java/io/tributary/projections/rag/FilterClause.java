package io.tributary.projections.rag;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.tributary.schemas.json.Json;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.jdbi.v3.core.statement.SqlStatement;

/** The SQL of {@link DocumentFilters}: fixed fragments with bind parameters, never values in the text. */
public final class FilterClause {

  private FilterClause() {}

  /** {@code AND ...} conditions on the documents table aliased {@code alias}; empty when nothing restricts. */
  public static String on(String alias, DocumentFilters filters) {
    StringBuilder sql = new StringBuilder();
    if (filters.source() != null) {
      sql.append(" AND ").append(alias).append(".source = :filterSource");
    }
    if (!filters.metadata().isEmpty()) {
      // jsonb containment is served by equality on every pair at once.
      sql.append(" AND ").append(alias).append(".metadata @> CAST(:filterMetadata AS jsonb)");
    }
    if (filters.ingestedAfter() != null) {
      sql.append(" AND ").append(alias).append(".submitted_at >= :filterAfter");
    }
    if (filters.ingestedBefore() != null) {
      sql.append(" AND ").append(alias).append(".submitted_at < :filterBefore");
    }
    return sql.toString();
  }

  /** Binds the parameters {@link #on} referred to. */
  public static <S extends SqlStatement<S>> S bind(S statement, DocumentFilters filters) {
    if (filters.source() != null) {
      statement.bind("filterSource", filters.source());
    }
    if (!filters.metadata().isEmpty()) {
      statement.bind("filterMetadata", json(filters));
    }
    if (filters.ingestedAfter() != null) {
      statement.bindByType("filterAfter", filters.ingestedAfter().atOffset(ZoneOffset.UTC), OffsetDateTime.class);
    }
    if (filters.ingestedBefore() != null) {
      statement.bindByType("filterBefore", filters.ingestedBefore().atOffset(ZoneOffset.UTC), OffsetDateTime.class);
    }
    return statement;
  }

  private static String json(DocumentFilters filters) {
    try {
      return Json.mapper().writeValueAsString(filters.metadata());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write metadata filter as JSON", e);
    }
  }
}
