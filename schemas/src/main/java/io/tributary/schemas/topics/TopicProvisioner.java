package io.tributary.schemas.topics;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Creates the catalogue's topics that do not exist yet; safe to run at every start. */
public final class TopicProvisioner {

  private static final Logger log = LoggerFactory.getLogger(TopicProvisioner.class);

  private final Admin admin;
  private final short replicationFactor;
  private final Duration timeout;

  /**
   * @param replicationFactor use -1 to take the broker's default (Redpanda and Kafka both honour it)
   */
  public TopicProvisioner(Admin admin, short replicationFactor, Duration timeout) {
    this.admin = requireNonNull(admin, "admin");
    this.replicationFactor = replicationFactor;
    this.timeout = requireNonNull(timeout, "timeout");
  }

  /** Ensures every topic exists; returns the names it created. Existing topics are left as they are. */
  public List<String> ensure(Collection<Topic<?, ?>> topics) {
    try {
      Set<String> existing = admin.listTopics().names().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      List<NewTopic> missing = new ArrayList<>();
      for (Topic<?, ?> topic : topics) {
        if (!existing.contains(topic.name())) {
          missing.add(
              new NewTopic(topic.name(), java.util.Optional.of(topic.partitions()),
                      java.util.Optional.of(replicationFactor))
                  .configs(topic.configs()));
        }
      }
      List<String> created = new ArrayList<>();
      for (Map.Entry<String, org.apache.kafka.common.KafkaFuture<Void>> result :
          admin.createTopics(missing).values().entrySet()) {
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
      // Only topics that existed before: a topic created a moment ago may not be describable yet.
      warnOnPartitionMismatch(topics.stream().filter(t -> existing.contains(t.name())).toList());
      if (!created.isEmpty()) {
        log.info("created topics {}", created);
      }
      return List.copyOf(created);
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

  private void warnOnPartitionMismatch(Collection<Topic<?, ?>> topics)
      throws InterruptedException, ExecutionException, TimeoutException {
    if (topics.isEmpty()) {
      return;
    }
    List<String> names = topics.stream().<String>map(Topic::name).toList();
    Map<String, TopicDescription> descriptions =
        admin.describeTopics(names).allTopicNames().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    for (Topic<?, ?> topic : topics) {
      TopicDescription description = descriptions.get(topic.name());
      if (description != null && description.partitions().size() != topic.partitions()) {
        // Never repartition automatically: keys would move and per-key order would break.
        log.warn(
            "topic {} has {} partitions, the catalogue declares {}; leaving it unchanged",
            topic.name(), description.partitions().size(), topic.partitions());
      }
    }
  }
}
