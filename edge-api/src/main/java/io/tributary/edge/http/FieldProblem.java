package io.tributary.edge.http;

/** One field of a request and the rule it breaks, e.g. {@code top_k} / {@code must be between 1 and 100}. */
public record FieldProblem(String field, String rule) {}
