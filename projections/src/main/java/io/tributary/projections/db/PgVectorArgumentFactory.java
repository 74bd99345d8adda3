package io.tributary.projections.db;

import com.pgvector.PGvector;
import java.sql.Types;
import org.jdbi.v3.core.argument.AbstractArgumentFactory;
import org.jdbi.v3.core.argument.Argument;
import org.jdbi.v3.core.config.ConfigRegistry;

/** Binds {@link PGvector} values: JDBI does not know the type, the Postgres driver does via setObject. */
final class PgVectorArgumentFactory extends AbstractArgumentFactory<PGvector> {

  PgVectorArgumentFactory() {
    super(Types.OTHER);
  }

  @Override
  protected Argument build(PGvector value, ConfigRegistry config) {
    return (position, statement, context) -> statement.setObject(position, value);
  }
}
