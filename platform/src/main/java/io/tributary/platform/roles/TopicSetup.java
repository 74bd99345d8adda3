package io.tributary.platform.roles;

import io.tributary.platform.config.Settings;
import io.tributary.schemas.kafka.KafkaAccessException;
import io.tributary.schemas.kafka.KafkaClients;
import io.tributary.schemas.topics.TopicProvisioner;
import io.tributary.schemas.topics.Topics;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.admin.Admin;

/** Creates the catalogue's missing topics; every role runs it at start (idempotent). */
public final class TopicSetup {

  private TopicSetup() {}

  /**
   * Ensures every topic of the catalogue exists, laid out by {@code TRIBUTARY_TOPIC_*} (ADR 0014);
   * returns the names it created. It is the first thing every role asks of the cluster, so a refused
   * login or TLS handshake stops the role here with one message naming listener and mechanism.
   */
  public static List<String> ensure(Settings settings) {
    KafkaClients kafka = settings.kafkaClients();
    try (Admin admin = kafka.admin("tributary-topic-setup")) {
      return new TopicProvisioner(admin, settings.topicLayout(), Duration.ofSeconds(30)).ensure(Topics.all());
    } catch (RuntimeException e) {
      throw KafkaAccessException.explain(e, kafka);
    }
  }
}
