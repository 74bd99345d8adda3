package io.tributary.platform.roles;

import io.tributary.platform.config.Settings;
import io.tributary.schemas.agents.AgentCatalogue;
import io.tributary.schemas.agents.AgentCatalogueFile;
import io.tributary.schemas.topics.TopicProvisioner;
import io.tributary.schemas.topics.TopicProvisioningException;
import io.tributary.schemas.topics.Topics;
import io.tributary.streams.intents.CataloguePublisher;
import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.clients.admin.Admin;

/** Publishes an agent catalogue: first its agents' request topics, then the catalogue itself. */
public final class CatalogueSetup {

  private CatalogueSetup() {}

  /** The configured catalogue ({@code TRIBUTARY_AGENT_CATALOGUE}, or the shipped sample). */
  public static AgentCatalogue configured(Settings settings) {
    return settings.agentCatalogue()
        .map(file -> AgentCatalogueFile.read(file, Instant.now()))
        .orElseGet(() -> AgentCatalogueFile.sample(Instant.now()));
  }

  /** Creates the request topics of {@code catalogue} and makes it the active catalogue. */
  public static void publish(Settings settings, AgentCatalogue catalogue) {
    try (Admin admin = settings.kafkaClients().admin("tributary-agent-topics")) {
      TopicProvisioner provisioner = new TopicProvisioner(admin, settings.topicLayout(), Duration.ofSeconds(30));
      for (int attempt = 1; ; attempt++) {
        try {
          provisioner.ensure(Topics.agentRequests(catalogue));
          break;
        } catch (TopicProvisioningException e) {
          // Topics created a moment ago may not be described yet (metadata propagation): retry briefly.
          if (attempt == 5) {
            throw e;
          }
          pause(Duration.ofMillis(500L * attempt));
        }
      }
    }
    new CataloguePublisher(settings.kafkaClients()).publish(catalogue, Duration.ofSeconds(30));
  }

  private static void pause(Duration wait) {
    try {
      Thread.sleep(wait);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating agent topics", e);
    }
  }
}
