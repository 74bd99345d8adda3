package io.tributary.platform.roles;

import io.tributary.platform.config.Settings;
import io.tributary.schemas.topics.TopicProvisioner;
import io.tributary.schemas.topics.Topics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/** Creates the catalogue's missing topics; every role runs it at start (idempotent). */
public final class TopicSetup {

  private TopicSetup() {}

  /** Ensures every topic of the catalogue exists; returns the names it created. */
  public static List<String> ensure(Settings settings) {
    try (Admin admin = Admin.create(Map.<String, Object>of(
        AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, settings.kafkaBootstrapServers(),
        AdminClientConfig.CLIENT_ID_CONFIG, "tributary-topic-setup"))) {
      return new TopicProvisioner(admin, settings.topicReplicationFactor(), Duration.ofSeconds(30))
          .ensure(Topics.all());
    }
  }
}
