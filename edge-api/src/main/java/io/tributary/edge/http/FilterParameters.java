package io.tributary.edge.http;

import io.helidon.common.parameters.Parameters;
import io.tributary.projections.rag.DocumentFilters;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.TreeMap;

/** Reads document filters from query parameters: {@code source}, {@code metadata.<key>}, {@code ingested_after|before}. */
public final class FilterParameters {

  /** Prefix of metadata filter parameters: {@code metadata.team=home}. */
  public static final String METADATA_PREFIX = "metadata.";

  private FilterParameters() {}

  /** The filters in {@code query}; 400 naming the parameter when a value is malformed. */
  public static DocumentFilters fromQuery(Parameters query) {
    Map<String, String> metadata = new TreeMap<>();
    for (String name : query.names()) {
      if (name.startsWith(METADATA_PREFIX) && name.length() > METADATA_PREFIX.length()) {
        metadata.put(name.substring(METADATA_PREFIX.length()), query.get(name));
      }
    }
    return of(first(query, "source"), metadata, first(query, "ingested_after"), first(query, "ingested_before"));
  }

  /**
   * The first value of {@code name}, or null. Cheaper than {@code query.first(name)}, whose
   * {@code OptionalValue} looks its mapper up in Helidon's service registry on every call: a
   * tenth of a search request's CPU in a profile.
   */
  public static String first(Parameters query, String name) {
    return query.contains(name) ? query.get(name) : null;
  }

  /** Validated filters from raw values. */
  public static DocumentFilters of(String source, Map<String, String> metadata, String after, String before) {
    Instant from = instant("ingested_after", after);
    Instant to = instant("ingested_before", before);
    if (from != null && to != null && !from.isBefore(to)) {
      throw ApiException.badRequest("ingested_before", "must be later than ingested_after");
    }
    String trimmed = source == null ? null : source.strip();
    return new DocumentFilters(trimmed == null || trimmed.isEmpty() ? null : trimmed, metadata, from, to);
  }

  private static Instant instant(String field, String raw) {
    if (raw == null || raw.isBlank()) {
      return null;
    }
    try {
      return Instant.parse(raw.strip());
    } catch (DateTimeParseException e) {
      throw ApiException.badRequest(field, "must be an ISO-8601 instant such as 2026-01-31T00:00:00Z");
    }
  }
}
