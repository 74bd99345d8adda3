package io.tributary.embedded.testing;

import io.tributary.embedded.EmbeddedKafka;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Injects the test JVM's single {@link EmbeddedKafka} (or its single {@link SecuredKafka}, a broker
 * with a SASL_SSL listener) into test constructors, lifecycle and test methods; each starts on
 * first use and stops when the test run ends.
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
    Class<?> type = parameter.getParameter().getType();
    return type == EmbeddedKafka.class || type == SecuredKafka.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == SecuredKafka.class
        ? SharedServices.securedKafka(context) : SharedServices.kafka(context);
  }
}
