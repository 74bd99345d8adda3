package io.tributary.edge.search;

import io.tributary.projections.rag.DocumentFilters;
import io.tributary.projections.rag.SearchMode;

/** A validated, normalised search: equal requests are equal records (the cache key is built from it). */
public record SearchRequest(String q, SearchMode mode, int topK, double minScore, DocumentFilters filters) {}
