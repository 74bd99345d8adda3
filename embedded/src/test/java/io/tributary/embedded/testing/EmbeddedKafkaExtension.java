package io.tributary.embedded.testing;

import io.tributary.embedded.EmbeddedKafka;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Injects the test JVM's single {@link EmbeddedKafka} into test constructors, lifecycle and
 * test methods; it starts on first use and stops when the test run ends.
 *
 * <pre>{@code
 * @ExtendWith(EmbeddedKafkaExtension.class)
 * class PipelineIT {
 *     @Test void shouldRoundTrip(EmbeddedKafka kafka) { kafka.createTopics(1, "in"); ... }
 * }
 * }</pre>
 */
public final class EmbeddedKafkaExtension implements ParameterResolver {

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == EmbeddedKafka.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return SharedServices.kafka(context);
  }
}
