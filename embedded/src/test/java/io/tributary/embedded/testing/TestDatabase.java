package io.tributary.embedded.testing;

/**
 * A database of its own for one test class, on the shared embedded PostgreSQL.
 *
 * @param name the database name
 * @param jdbcUrl JDBC URL with the superuser, e.g. {@code jdbc:postgresql://127.0.0.1:PORT/NAME?user=tributary}
 */
public record TestDatabase(String name, String jdbcUrl) {
}
