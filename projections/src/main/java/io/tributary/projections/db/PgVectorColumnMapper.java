package io.tributary.projections.db;

import com.pgvector.PGvector;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.jdbi.v3.core.mapper.ColumnMapper;
import org.jdbi.v3.core.statement.StatementContext;

/** Reads a {@code vector} column as {@link PGvector} from its text form, without registering the type per connection. */
final class PgVectorColumnMapper implements ColumnMapper<PGvector> {

  @Override
  public PGvector map(ResultSet r, int columnNumber, StatementContext ctx) throws SQLException {
    String text = r.getString(columnNumber);
    return text == null ? null : new PGvector(text);
  }
}
