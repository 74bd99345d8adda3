package io.tributary.schemas.topics;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the catalogue's topics that do not exist yet, laid out for the cluster (ADR 0014); safe
 * to run at every start. Existing topics are left as they are: {@code tributary topics --apply}
 * changes them.
 */
public final class TopicProvisioner {

  private static final Logger log = LoggerFactory.getLogger(TopicProvisioner.class);

  private final Admin admin;
  private final TopicLayout layout;
  private final Duration timeout;

  public TopicProvisioner(Admin admin, TopicLayout layout, Duration timeout) {
    this.admin = requireNonNull(admin, "admin");
    this.layout = requireNonNull(layout, "layout");
    this.timeout = requireNonNull(timeout, "timeout");
  }

  /** Each topic's catalogue partitions with {@code replicationFactor} replicas (-1: from the cluster's size). */
  public TopicProvisioner(Admin admin, short replicationFactor, Duration timeout) {
    this(admin, TopicLayout.catalogue(replicationFactor), timeout);
  }

  /** Ensures every topic exists; returns the names it created. Existing topics are left as they are. */
  public List<String> ensure(Collection<Topic<?, ?>> topics) {
    try {
      Set<String> existing = await(admin.listTopics().names());
      List<Topic<?, ?>> absent = topics.stream().filter(t -> !existing.contains(t.name())).toList();
      List<String> created = absent.isEmpty() ? List.of() : create(absent);
      // Only topics that existed before: a topic created a moment ago may not be describable yet.
      warnOnPartitionMismatch(topics.stream().filter(t -> existing.contains(t.name())).toList());
      return created;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TopicProvisioningException("interrupted while creating topics", e);
    } catch (ExecutionException e) {
      throw new TopicProvisioningException("could not list or describe topics: " + e.getCause().getMessage(),
          e.getCause());
    } catch (TimeoutException e) {
      throw new TopicProvisioningException(
          "broker did not answer within " + timeout + " while creating topics", e);
    }
  }

  /** The brokers of the cluster, as the replication factor is chosen from them. */
  public int brokers() throws InterruptedException, ExecutionException, TimeoutException {
    return await(admin.describeCluster().nodes()).size();
  }

  private List<String> create(List<Topic<?, ?>> absent)
      throws InterruptedException, ExecutionException, TimeoutException {
    int brokers = brokers();
    short replicas = layout.replicationFactorFor(brokers);
    if (replicas < TopicLayout.TARGET_REPLICATION_FACTOR) {
      log.warn("creating topics with replication factor {} on a cluster of {} broker(s): a broker loss can lose "
          + "acknowledged records; production needs three brokers (ADR 0014)", replicas, brokers);
    }
    List<NewTopic> missing = new ArrayList<>();
    for (Topic<?, ?> topic : absent) {
      TopicSpec spec = TopicSpec.of(topic, layout, brokers);
      missing.add(new NewTopic(spec.name(), Optional.of(spec.partitions()), Optional.of(spec.replicationFactor()))
          .configs(spec.configs()));
    }
    List<String> created = new ArrayList<>();
    for (Map.Entry<String, KafkaFuture<Void>> result : admin.createTopics(missing).values().entrySet()) {
      try {
        result.getValue().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        created.add(result.getKey());
      } catch (ExecutionException e) {
        // Another instance may have created it between list and create: that is success.
        if (!(e.getCause() instanceof TopicExistsException)) {
          throw new TopicProvisioningException("could not create topic " + result.getKey(), e.getCause());
        }
      }
    }
    if (!created.isEmpty()) {
      log.info("created topics {} with replication factor {}", created, replicas);
    }
    return List.copyOf(created);
  }

  private void warnOnPartitionMismatch(Collection<Topic<?, ?>> topics)
      throws InterruptedException, ExecutionException, TimeoutException {
    if (topics.isEmpty()) {
      return;
    }
    List<String> names = topics.stream().<String>map(Topic::name).toList();
    Map<String, TopicDescription> descriptions = await(admin.describeTopics(names).allTopicNames());
    for (Topic<?, ?> topic : topics) {
      TopicDescription description = descriptions.get(topic.name());
      int wanted = layout.partitionsOf(topic);
      if (description != null && description.partitions().size() < wanted) {
        // Never repartition automatically: keys would move and per-key order would break.
        log.warn("topic {} has {} partitions, the catalogue asks for {}; leaving it unchanged (see tributary topics)",
            topic.name(), description.partitions().size(), wanted);
      }
    }
  }

  private <T> T await(KafkaFuture<T> future) throws InterruptedException, ExecutionException, TimeoutException {
    return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }
}
