package io.tributary.platform.roles;

import io.tributary.platform.config.Settings;
import io.tributary.schemas.kafka.KafkaAccessException;
import io.tributary.schemas.kafka.KafkaClients;
import io.tributary.schemas.topics.TopicLayout;
import io.tributary.schemas.topics.TopicProvisioner;
import io.tributary.schemas.topics.Topics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.streams.StreamsConfig;

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

  /**
   * Kafka Streams settings that give its internal topics (changelogs, repartition topics) the same
   * replication as the catalogue's: without them Streams takes the broker's default, which is 1
   * on a stock Kafka or Redpanda, and a broker loss would lose a state store.
   */
  /** Every Kafka Streams override of a role: internal-topic durability and the configured standby replicas. */
  public static Map<String, String> streamsOverrides(Settings settings) {
    Map<String, String> all = new java.util.HashMap<>(streamsInternalTopics(settings));
    all.putAll(settings.streamsOverrides());
    return Map.copyOf(all);
  }

  public static Map<String, String> streamsInternalTopics(Settings settings) {
    KafkaClients kafka = settings.kafkaClients();
    try (Admin admin = kafka.admin("tributary-topic-setup")) {
      short replicas = settings.topicLayout().replicationFactorFor(
          new TopicProvisioner(admin, settings.topicLayout(), Duration.ofSeconds(30)).brokers());
      return Map.of(StreamsConfig.REPLICATION_FACTOR_CONFIG, Short.toString(replicas),
          StreamsConfig.topicPrefix(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG),
          Integer.toString(TopicLayout.minInsyncReplicas(replicas)));
    } catch (ExecutionException | TimeoutException e) {
      throw KafkaAccessException.explain(new IllegalStateException("cannot count the brokers of "
          + kafka.listener() + ": " + e.getMessage(), e), kafka);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while counting brokers", e);
    }
  }
}
