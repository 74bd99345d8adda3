package io.tributary.embedded.testing;

import io.tributary.embedded.EmbeddedKafka;
import io.tributary.embedded.EmbeddedPostgres;
import io.tributary.embedded.EmbeddedRedis;
import io.tributary.embedded.PostgresOptions;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One instance of each service per test JVM, kept in the root context store: JUnit closes
 * stored {@link AutoCloseable}s when the whole run ends, and the first caller starts them.
 */
final class SharedServices {

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(SharedServices.class);

  private SharedServices() {
  }

  static EmbeddedKafka kafka(ExtensionContext context) {
    return rootStore(context).computeIfAbsent(EmbeddedKafka.class,
        key -> EmbeddedKafka.startTemporary(), EmbeddedKafka.class);
  }

  static SecuredKafka securedKafka(ExtensionContext context) {
    return rootStore(context).computeIfAbsent(SecuredKafka.class, key -> SecuredKafka.start(), SecuredKafka.class);
  }

  static EmbeddedPostgres postgres(ExtensionContext context) {
    return rootStore(context).computeIfAbsent(EmbeddedPostgres.class,
        key -> EmbeddedPostgres.startTemporary(PostgresOptions.defaults().forTests()), EmbeddedPostgres.class);
  }

  static EmbeddedRedis redis(ExtensionContext context) {
    return rootStore(context).computeIfAbsent(EmbeddedRedis.class,
        key -> EmbeddedRedis.startTemporary(), EmbeddedRedis.class);
  }

  private static ExtensionContext.Store rootStore(ExtensionContext context) {
    return context.getRoot().getStore(NAMESPACE);
  }
}
