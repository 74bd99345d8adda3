package io.tributary.schemas.topics;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Compares the catalogue with a cluster ({@link #plan}) and applies the differences ({@link #apply})
 * for {@code tributary topics}. It creates topics, sets topic configs and, only when asked, raises
 * partitions; it never lowers partitions or changes a replication factor.
 */
public final class TopicReconciler {

  private final Admin admin;
  private final TopicLayout layout;
  private final Duration timeout;

  public TopicReconciler(Admin admin, TopicLayout layout, Duration timeout) {
    this.admin = requireNonNull(admin, "admin");
    this.layout = requireNonNull(layout, "layout");
    this.timeout = requireNonNull(timeout, "timeout");
  }

  /** The differences between {@code topics} as this cluster should have them and as it has them. */
  public TopicPlan plan(Collection<Topic<?, ?>> topics) {
    try {
      int brokers = await(admin.describeCluster().nodes()).size();
      List<TopicSpec> desired = topics.stream().map(t -> TopicSpec.of(t, layout, brokers)).toList();
      return TopicPlan.between(desired, observe(desired.stream().map(TopicSpec::name).toList()));
    } catch (ExecutionException e) {
      throw new TopicProvisioningException("could not describe topics: " + e.getCause().getMessage(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TopicProvisioningException("interrupted while describing topics", e);
    } catch (TimeoutException e) {
      throw new TopicProvisioningException("broker did not answer within " + timeout, e);
    }
  }

  /**
   * Applies {@code plan}: creates topics, sets configs, and raises partitions only when
   * {@code raisePartitions}; returns the changes applied.
   */
  public List<TopicChange> apply(TopicPlan plan, boolean raisePartitions) {
    List<TopicChange> applied = new ArrayList<>();
    try {
      Map<ConfigResource, Collection<AlterConfigOp>> configs = new HashMap<>();
      for (TopicChange change : plan.changes()) {
        switch (change) {
          case TopicChange.Create create -> {
            TopicSpec spec = create.spec();
            try {
              await(admin.createTopics(List.of(new NewTopic(spec.name(), Optional.of(spec.partitions()),
                  Optional.of(spec.replicationFactor())).configs(spec.configs()))).all());
              applied.add(change);
            } catch (ExecutionException e) {
              // A role starting meanwhile may have created it: that is what was asked for.
              if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
              }
            }
          }
          case TopicChange.RaisePartitions raise when raisePartitions -> {
            await(admin.createPartitions(Map.of(raise.topic(), NewPartitions.increaseTo(raise.to()))).all());
            applied.add(change);
          }
          case TopicChange.SetConfig set -> {
            configs.computeIfAbsent(new ConfigResource(ConfigResource.Type.TOPIC, set.topic()), r -> new ArrayList<>())
                .add(new AlterConfigOp(new ConfigEntry(set.key(), set.to()), AlterConfigOp.OpType.SET));
            applied.add(change);
          }
          default -> { }
        }
      }
      if (!configs.isEmpty()) {
        await(admin.incrementalAlterConfigs(configs).all());
      }
      return List.copyOf(applied);
    } catch (ExecutionException e) {
      throw new TopicProvisioningException("could not change topics: " + e.getCause().getMessage(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TopicProvisioningException("interrupted while changing topics", e);
    } catch (TimeoutException e) {
      throw new TopicProvisioningException("broker did not answer within " + timeout, e);
    }
  }

  private Map<String, TopicState> observe(List<String> names)
      throws InterruptedException, ExecutionException, TimeoutException {
    Set<String> existing = await(admin.listTopics().names());
    List<String> present = names.stream().filter(existing::contains).toList();
    if (present.isEmpty()) {
      return Map.of();
    }
    Map<String, TopicDescription> descriptions = await(admin.describeTopics(present).allTopicNames());
    List<ConfigResource> resources = present.stream()
        .map(name -> new ConfigResource(ConfigResource.Type.TOPIC, name)).toList();
    Map<ConfigResource, Config> configs = await(admin.describeConfigs(resources).all());
    Map<String, TopicState> states = new HashMap<>();
    for (String name : present) {
      TopicDescription description = descriptions.get(name);
      Map<String, String> explicit = new HashMap<>();
      // Only settings made on the topic count: a broker default can change under it.
      configs.get(new ConfigResource(ConfigResource.Type.TOPIC, name)).entries().stream()
          .filter(e -> e.source() == ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG && e.value() != null)
          .forEach(e -> explicit.put(e.name(), e.value()));
      states.put(name, new TopicState(name, description.partitions().size(),
          (short) description.partitions().getFirst().replicas().size(), explicit));
    }
    return states;
  }

  private <T> T await(KafkaFuture<T> future) throws InterruptedException, ExecutionException, TimeoutException {
    return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }
}
