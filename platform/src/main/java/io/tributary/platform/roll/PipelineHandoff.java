package io.tributary.platform.roll;

import static java.util.Objects.requireNonNull;

import io.tributary.schemas.topics.Topics;
import io.tributary.streams.pipeline.DocumentPipelineRunner;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands a roll's pipeline over to the live pipeline of its profile (ADR 0026). The roll's pipeline
 * reads docs.accepted.v1, which the live pipeline writes; once the profile is live, its pipeline
 * (same application id, same state) reads docs.submitted.v1. Both topologies cannot share the
 * group, so the switch waits until, in this order:
 * <ol>
 *   <li>the roll's pipeline has processed docs.accepted.v1 to its end and the live pipeline
 *       docs.submitted.v1 to its end (no committed record left behind their committed offsets,
 *       {@link CommittedRecords}); then the live pipeline's committed offsets on
 *       docs.submitted.v1 are read, and after them docs.accepted.v1's high watermark, which holds
 *       everything those offsets accepted (the live pipeline commits its offsets and its accepted
 *       records in one transaction);</li>
 *   <li>the roll's pipeline has committed up to that high watermark; it is stopped (it leaves the
 *       group), the group's offsets on docs.submitted.v1 are set to the live pipeline's and those
 *       on docs.accepted.v1 deleted (nothing will advance them: lag monitoring would see a stalled
 *       consumer; a later roll to the same profile reads docs.accepted.v1 from the beginning,
 *       where its state makes every unchanged document a no-op).</li>
 * </ol>
 * A streams role that starts the profile after the switch continues from there. What the live
 * pipeline accepted after those offsets is processed again from docs.submitted.v1: an unchanged
 * document makes no new version.
 */
final class PipelineHandoff {

  private static final Logger LOG = LoggerFactory.getLogger(PipelineHandoff.class);
  private static final long TIMEOUT_MS = 10_000;

  private final Admin admin;
  private final String liveApplicationId;
  private final String rollApplicationId;
  private final DocumentPipelineRunner pipeline;
  private final PipelineLag accepted;
  private final PipelineLag submitted;
  private final CommittedRecords records;
  private Map<TopicPartition, Long> liveOffsets;
  private Map<TopicPartition, Long> acceptedEnds;
  private boolean stopped;
  private volatile long processed = -1;
  private boolean done;
  private volatile String waitingFor;

  /**
   * @param liveApplicationId the application id of the pipeline the live generation follows
   * @param rollApplicationId the application id of the profile's pipeline
   * @param pipeline the roll's running pipeline of the profile
   * @param records tells whether records remain below an offset (commit markers are none)
   */
  PipelineHandoff(Admin admin, String liveApplicationId, String rollApplicationId, DocumentPipelineRunner pipeline,
      CommittedRecords records) {
    this.admin = requireNonNull(admin, "admin");
    this.liveApplicationId = requireNonNull(liveApplicationId, "liveApplicationId");
    this.rollApplicationId = requireNonNull(rollApplicationId, "rollApplicationId");
    this.pipeline = requireNonNull(pipeline, "pipeline");
    this.records = requireNonNull(records, "records");
    this.accepted = new PipelineLag(admin, Topics.DOCS_ACCEPTED.name());
    this.submitted = new PipelineLag(admin, Topics.DOCS_SUBMITTED.name());
  }

  /**
   * Takes the next step of the handoff; true once it is done and the switch may happen. A Kafka
   * hiccup means "not yet", never a failed build.
   */
  synchronized boolean handedOff() {
    try {
      return done || step();
    } catch (RuntimeException e) {
      LOG.debug("roll: handoff of {} not possible yet: {}", rollApplicationId, e.toString());
      waitingFor = "Kafka: " + e.getMessage();
      return false;
    }
  }

  /** Records of docs.accepted.v1 the roll's pipeline had processed when it stopped; -1 before. */
  long processed() {
    return processed;
  }

  /** What the handoff waits for, or null. */
  String waitingFor() {
    return waitingFor;
  }

  private boolean step() {
    if (liveOffsets == null) {
      if (!records.reached(accepted.committed(rollApplicationId), accepted.ends(IsolationLevel.READ_COMMITTED))) {
        waitingFor = null;
        return false;
      }
      Map<TopicPartition, Long> ends = submitted.ends(IsolationLevel.READ_COMMITTED);
      Map<TopicPartition, Long> committed = submitted.committed(liveApplicationId);
      if (!records.reached(committed, ends)) {
        long behind = ends.entrySet().stream()
            .mapToLong(end -> Math.max(0, end.getValue() - committed.getOrDefault(end.getKey(), 0L))).sum();
        waitingFor = "the live pipeline " + liveApplicationId + " to process " + submitted.topic() + " (lag "
            + behind + ")";
        return false;
      }
      Map<TopicPartition, Long> offsets = new HashMap<>();
      // A partition the live pipeline never committed on holds no record (markers at most).
      ends.keySet().forEach(partition -> offsets.put(partition, committed.getOrDefault(partition, 0L)));
      acceptedEnds = accepted.ends(IsolationLevel.READ_UNCOMMITTED);
      liveOffsets = offsets;
      waitingFor = null;
    }
    if (!stopped) {
      Map<TopicPartition, Long> committed = accepted.committed(rollApplicationId);
      if (!records.reached(committed, acceptedEnds)) {
        return false;
      }
      processed = committed.values().stream().mapToLong(Long::longValue).sum();
      LOG.info("roll: pipeline {} processed {} up to the live pipeline's position; stopping it",
          rollApplicationId, Topics.DOCS_ACCEPTED.name());
      pipeline.close(Duration.ofSeconds(20));
      stopped = true;
    }
    // Refused while the group still has a member (the stopped pipeline until the broker saw it leave).
    moveGroup();
    LOG.info("roll: pipeline {} continues on {} where {} stands ({} records)", rollApplicationId,
        Topics.DOCS_SUBMITTED.name(), liveApplicationId,
        liveOffsets.values().stream().mapToLong(Long::longValue).sum());
    done = true;
    return true;
  }

  /** The group's offsets on docs.submitted.v1 set to the live pipeline's, those on docs.accepted.v1 deleted. */
  private void moveGroup() {
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    liveOffsets.forEach((partition, offset) -> offsets.put(partition, new OffsetAndMetadata(offset)));
    try {
      admin.alterConsumerGroupOffsets(rollApplicationId, offsets).all().get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
      Set<TopicPartition> left = accepted.committed(rollApplicationId).keySet();
      if (!left.isEmpty()) {
        admin.deleteConsumerGroupOffsets(rollApplicationId, left).all().get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
      }
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("cannot set the offsets of " + rollApplicationId + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while setting the offsets of " + rollApplicationId, e);
    }
  }
}
