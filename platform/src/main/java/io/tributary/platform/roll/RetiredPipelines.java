package io.tributary.platform.roll;

import static java.util.Objects.requireNonNull;

import io.tributary.platform.config.Settings;
import io.tributary.projections.generations.Generation;
import io.tributary.projections.generations.GenerationStore;
import io.tributary.projections.rag.RagProjection;
import io.tributary.schemas.documents.EmbeddingProfile;
import io.tributary.schemas.topics.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListGroupsOptions;
import org.apache.kafka.common.KafkaFuture;
import org.jdbi.v3.core.Jdbi;

/**
 * What a roll leaves behind once the grace period after the switch has passed: the consumer group
 * (Kafka Streams application) of every pipeline the live generation no longer follows, its internal
 * changelog and repartition topics, and its profile's output topic. Removing them stops lag alerts
 * on groups nothing will ever consume again. The catalogue's own topics are never removed, and
 * neither is anything of the live or a building generation's pipeline.
 */
public final class RetiredPipelines {

  /** What would be (or was) deleted. */
  public record Plan(Instant liveSince, List<String> groups, List<String> topics) {
    public Plan {
      groups = List.copyOf(groups);
      topics = List.copyOf(topics);
    }

    public boolean isEmpty() {
      return groups.isEmpty() && topics.isEmpty();
    }
  }

  private static final Duration KAFKA_TIMEOUT = Duration.ofSeconds(30);

  private final Settings settings;
  private final Jdbi jdbi;
  private final Admin admin;

  public RetiredPipelines(Settings settings, Jdbi jdbi, Admin admin) {
    this.settings = requireNonNull(settings, "settings");
    this.jdbi = requireNonNull(jdbi, "jdbi");
    this.admin = requireNonNull(admin, "admin");
  }

  /**
   * The groups and topics of pipelines the live generation stopped following at least {@code grace}
   * ago; empty while the grace period runs (a roll back must still find them).
   */
  public Plan plan(Duration grace, Instant now) {
    List<Generation> generations = jdbi.withHandle(handle -> new GenerationStore().all(handle)).stream()
        .filter(g -> g.projection().equals(RagProjection.NAME)).toList();
    Optional<Generation> live = generations.stream().filter(g -> g.state() == Generation.State.LIVE).findFirst();
    if (live.isEmpty() || live.get().switchedAt() == null || live.get().switchedAt().isAfter(now.minus(grace))) {
      return new Plan(live.map(Generation::switchedAt).orElse(null), List.of(), List.of());
    }
    Set<String> keptApps = new HashSet<>();
    Set<String> retiredApps = new LinkedHashSet<>();
    Set<String> retiredTopics = new LinkedHashSet<>();
    for (Generation generation : generations) {
      Optional<EmbeddingProfile> profile = Optional.ofNullable(generation.embeddingProfile()).map(LiveSource::parse);
      String app = profile.map(p -> ProfilePipelines.applicationId(settings, p)).orElse(settings.streamsApplicationId());
      boolean kept = generation.state() == Generation.State.LIVE || generation.state() == Generation.State.BUILDING;
      if (kept) {
        keptApps.add(app);
      } else {
        retiredApps.add(app);
        profile.ifPresent(p -> {
          retiredTopics.add(Topics.docsEmbedded(p).name());
          retiredTopics.add(Topics.docsEmbedded(p).deadLetters().name());
        });
      }
    }
    retiredApps.removeAll(keptApps);
    Set<String> existingGroups = await(admin.listGroups(ListGroupsOptions.forConsumerGroups()).all()).stream()
        .map(GroupListing::groupId).collect(Collectors.toSet());
    Set<String> existingTopics = await(admin.listTopics().names());
    Set<String> catalogue = new HashSet<>();
    Topics.all().forEach(topic -> catalogue.add(topic.name()));
    Set<String> keptPrefixes = new HashSet<>();
    keptApps.forEach(app -> keptPrefixes.add(app + "-"));
    List<String> topics = new ArrayList<>();
    for (String topic : existingTopics) {
      boolean internalOfRetired = retiredApps.stream().anyMatch(app -> topic.startsWith(app + "-"));
      // "app-" also prefixes the profile apps' topics ("app-<profile>-..."): keep those of kept apps.
      boolean internalOfKept = keptPrefixes.stream().anyMatch(topic::startsWith);
      if ((retiredTopics.contains(topic) || (internalOfRetired && !internalOfKept)) && !catalogue.contains(topic)) {
        topics.add(topic);
      }
    }
    topics.sort(null);
    List<String> groups = retiredApps.stream().filter(existingGroups::contains).sorted().toList();
    return new Plan(live.get().switchedAt(), groups, topics);
  }

  /** Deletes what {@code plan} names. A group that still has members is refused by the broker: stop it first. */
  public void apply(Plan plan) {
    if (!plan.groups().isEmpty()) {
      await(admin.deleteConsumerGroups(plan.groups()).all());
    }
    if (!plan.topics().isEmpty()) {
      await(admin.deleteTopics(plan.topics()).all());
    }
  }

  private static <T> T await(KafkaFuture<T> future) {
    try {
      return future.get(KAFKA_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while talking to Kafka", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("Kafka refused: " + e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException("Kafka did not answer within " + KAFKA_TIMEOUT.toSeconds() + " s", e);
    }
  }
}
