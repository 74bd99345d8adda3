package io.tributary.platform.roll;

import io.tributary.platform.UserError;
import io.tributary.schemas.topics.Topics;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.jdbi.v3.core.Jdbi;

/**
 * The safety check before a roll: docs.accepted.v1 must be able to hold every document of the live
 * read model. A deployment that upgraded to a version writing docs.accepted.v1 holds there only
 * what was accepted since; a roll from it would lose the older documents, so it is refused until
 * {@code tributary roll seed-accepted} copied them ({@link AcceptedSeed}).
 */
public final class AcceptedDocuments {

  /** The command that fills docs.accepted.v1 after an upgrade, as the refusal names it. */
  public static final String SEED_COMMAND = "tributary roll seed-accepted";

  private static final long TIMEOUT_MS = 30_000;

  private AcceptedDocuments() {}

  /**
   * Refuses with a {@link UserError} when docs.accepted.v1 holds fewer records than the live read
   * model holds documents: each live document needs at least one. Transaction markers count as
   * records here, so a topic that passes may still lack a few documents; one that fails surely does.
   */
  public static void requireComplete(Admin admin, Jdbi jdbi) {
    long documents = jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM rag.documents").mapTo(Long.class).one());
    if (documents == 0) {
      return;
    }
    long records = records(admin, Topics.DOCS_ACCEPTED.name());
    if (records < documents) {
      throw new UserError(Topics.DOCS_ACCEPTED.name() + " holds " + records + " records but the live read model holds "
          + documents + " documents; copy the accepted documents into it first: " + SEED_COMMAND);
    }
  }

  /** Records in {@code topic}: end minus start offset, summed over its partitions. */
  static long records(Admin admin, String topic) {
    Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
    await(admin.describeTopics(List.of(topic)).allTopicNames()).get(topic).partitions().forEach(p -> {
      earliest.put(new TopicPartition(topic, p.partition()), OffsetSpec.earliest());
      latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest());
    });
    long ends = await(admin.listOffsets(latest).all()).values().stream().mapToLong(info -> info.offset()).sum();
    long starts = await(admin.listOffsets(earliest).all()).values().stream().mapToLong(info -> info.offset()).sum();
    return ends - starts;
  }

  private static <T> T await(KafkaFuture<T> future) {
    try {
      return future.get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("cannot count the records of " + Topics.DOCS_ACCEPTED.name() + ": "
          + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while counting records", e);
    }
  }
}
