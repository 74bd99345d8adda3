package io.tributary.embedded.testing;

import io.tributary.embedded.EmbeddedPostgres;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Injects the test JVM's single {@link EmbeddedPostgres} (fast, non-durable settings) and a
 * {@link TestDatabase} created once per top-level test class (its {@code @Nested} classes share
 * it), so test classes never see each other's tables.
 *
 * <pre>{@code
 * @ExtendWith(EmbeddedPostgresExtension.class)
 * class ChunkStoreIT {
 *     ChunkStoreIT(TestDatabase db) { this.jdbi = Jdbi.create(db.jdbcUrl()); }
 * }
 * }</pre>
 */
public final class EmbeddedPostgresExtension implements ParameterResolver {

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(EmbeddedPostgresExtension.class);

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return type == EmbeddedPostgres.class || type == TestDatabase.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    EmbeddedPostgres postgres = SharedServices.postgres(context);
    if (parameter.getParameter().getType() == EmbeddedPostgres.class) {
      return postgres;
    }
    ExtensionContext classContext = classContext(context);
    String prefix = classContext.getRequiredTestClass().getSimpleName();
    return classContext.getStore(NAMESPACE).computeIfAbsent(TestDatabase.class,
        key -> freshDatabase(postgres, prefix), TestDatabase.class);
  }

  /** A new empty database named after {@code prefix} plus a random suffix. */
  public static TestDatabase freshDatabase(EmbeddedPostgres postgres, String prefix) {
    String base = prefix.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
    String name = "t_" + base.substring(0, Math.min(base.length(), 40)) + "_"
        + UUID.randomUUID().toString().substring(0, 8);
    return new TestDatabase(name, postgres.createDatabase(name));
  }

  /**
   * The context of the top-level test class: one database per test class, shared by its
   * {@code @Nested} classes (stores are inherited downwards, so anything finer would depend on
   * which class asked first).
   */
  private static ExtensionContext classContext(ExtensionContext context) {
    ExtensionContext topClass = null;
    for (ExtensionContext c = context; c != null; c = c.getParent().orElse(null)) {
      if (c.getElement().orElse(null) instanceof Class<?>) {
        topClass = c;
      }
    }
    if (topClass == null) {
      throw new IllegalStateException("TestDatabase can only be injected within a test class");
    }
    return topClass;
  }
}
