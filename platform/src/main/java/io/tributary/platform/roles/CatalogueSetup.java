package io.tributary.platform.roles;

import io.tributary.platform.config.Settings;
import io.tributary.schemas.agents.AgentCatalogue;
import io.tributary.schemas.agents.AgentCatalogueFile;
import io.tributary.schemas.topics.TopicProvisioner;
import io.tributary.schemas.topics.TopicProvisioningException;
import io.tributary.schemas.topics.Topics;
import io.tributary.streams.intents.ActiveCatalogue;
import io.tributary.streams.intents.CataloguePublisher;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Publishes an agent catalogue: first its agents' request topics, then the catalogue itself. */
public final class CatalogueSetup {

  private static final Logger LOG = LoggerFactory.getLogger(CatalogueSetup.class);
  private static final Duration READ_TIMEOUT = Duration.ofSeconds(60);

  private CatalogueSetup() {}

  /** The configured catalogue ({@code TRIBUTARY_AGENT_CATALOGUE}, or the shipped sample). */
  public static AgentCatalogue configured(Settings settings) {
    return settings.agentCatalogue()
        .map(file -> AgentCatalogueFile.read(file, Instant.now()))
        .orElseGet(() -> AgentCatalogueFile.sample(Instant.now()));
  }

  /**
   * Publishes the configured catalogue only when {@code agents.catalogue.v1} holds none: a router
   * (re)starting never replaces the catalogue an operator made active with {@code route-publish}.
   * Returns the catalogue the routers use.
   */
  public static AgentCatalogue publishIfNone(Settings settings) {
    Optional<AgentCatalogue> active = new ActiveCatalogue(settings.kafkaClients()).read(READ_TIMEOUT);
    if (active.isPresent()) {
      LOG.atInfo().addKeyValue("catalogue", active.get().version()).addKeyValue("agents", active.get().agents().size())
          .log("agent catalogue already active; kept (publish another with tributary route-publish)");
      return active.get();
    }
    AgentCatalogue catalogue = configured(settings);
    publish(settings, catalogue);
    LOG.atInfo().addKeyValue("catalogue", catalogue.version()).addKeyValue("agents", catalogue.agents().size())
        .log("no agent catalogue was active: published the configured one");
    return catalogue;
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
