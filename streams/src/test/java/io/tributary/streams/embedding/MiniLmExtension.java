package io.tributary.streams.embedding;

import io.tributary.embedding.Embedder;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Resolves a {@link OnnxEmbedder} parameter with one model shared by the whole test run
 * (loading takes about a second); JUnit closes it at the end of the run.
 */
public final class MiniLmExtension implements ParameterResolver {

  private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(MiniLmExtension.class);

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return type == OnnxEmbedder.class || type == Embedder.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return context.getRoot().getStore(NAMESPACE)
        .computeIfAbsent(OnnxEmbedder.class, type -> new OnnxEmbedder(), OnnxEmbedder.class);
  }
}
