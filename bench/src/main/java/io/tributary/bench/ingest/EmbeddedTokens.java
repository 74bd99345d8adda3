package io.tributary.bench.ingest;

import io.tributary.embedding.TokenCounter;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import javax.sql.DataSource;

/**
 * Counts, with one tokenizer, the tokens each side handed the model: the texts it stored are the
 * texts it embedded. Untimed; it explains the rates, it is not part of them.
 */
final class EmbeddedTokens {

  private final TokenCounter counter;

  EmbeddedTokens(TokenCounter counter) {
    this.counter = counter;
  }

  /** Total tokens of the {@code column} texts in {@code table} (a name from code, never from input). */
  long of(DataSource dataSource, String table, String column) throws Exception {
    long tokens = 0;
    try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
      statement.setFetchSize(1_000);
      connection.setAutoCommit(false);
      try (ResultSet rows = statement.executeQuery("SELECT " + column + " FROM " + table)) {
        while (rows.next()) {
          String text = rows.getString(1);
          tokens += counter.measure(text).size(0, text.length());
        }
      }
      connection.commit();
    }
    return tokens;
  }
}
