package io.tributary.embedded.testing;

import io.tributary.embedded.EmbeddedRedis;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Injects the test JVM's single {@link EmbeddedRedis}; tests share it, so each should use its
 * own key prefix.
 */
public final class EmbeddedRedisExtension implements ParameterResolver {

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == EmbeddedRedis.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return SharedServices.redis(context);
  }
}
