package io.tributary.streams.intents;

import static java.util.Objects.requireNonNull;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.tributary.schemas.agents.AgentCatalogue;
import io.tributary.schemas.agents.AgentMessage;
import io.tributary.schemas.agents.AgentMessageReader;
import io.tributary.schemas.agents.AgentRequest;
import io.tributary.schemas.agents.LabelSnapshot;
import io.tributary.schemas.agents.RoutingDecision;
import io.tributary.schemas.envelope.CloudEvents;
import io.tributary.schemas.errors.InvalidRecordException;
import io.tributary.schemas.topics.Topics;
import io.tributary.schemas.tracing.TraceContext;
import io.tributary.streams.pipeline.DeadLetters;
import io.tributary.streams.runtime.RecordAttempts;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes raw {@code agents.messages.v1} records: reads each one, scores a batch of them against
 * the active catalogue (global store) in one classifier call, decides each in arrival order with
 * its conversation's context (local store) and forwards a {@link RouteOutcome}. Unreadable records
 * become dead letters at once; a classifier failure propagates, since it is not the records' fault.
 *
 * <p>Readable messages wait in a changelogged store until the batch is full or has lingered (see
 * {@link RouterBatching}): a commit may happen while messages are pending, and the store puts them
 * in the same transaction as the input offsets, so a crash or rebalance routes them later instead
 * of losing them.
 */
final class IntentProcessor implements Processor<byte[], byte[], String, RouteOutcome> {

  private static final Logger log = LoggerFactory.getLogger(IntentProcessor.class);

  /** How often (in stream time) idle conversations are forgotten. */
  static final Duration EXPIRY_INTERVAL = Duration.ofMinutes(1);

  private final AgentMessageReader reader;
  private final IntentClassifier classifier;
  private final IntentDecider decider;
  private final Clock clock;
  private final RouterMetrics metrics;
  private final Tracer tracer;
  private final RecordAttempts attempts = new RecordAttempts(RecordAttempts.DEFAULT_ATTEMPTS);
  /** A batch is tried once; on an unclassified failure its messages are retried one by one. */
  private static final RecordAttempts ONE_TRY = new RecordAttempts(1);
  private final RouterBatching batching;
  private final ThreadActivity activity;
  private ProcessorContext<String, RouteOutcome> context;
  private KeyValueStore<String, ValueAndTimestamp<AgentCatalogue>> catalogues;
  private LabelSource labels;
  private KeyValueStore<String, Conversation> conversations;
  private KeyValueStore<Long, PendingMessage> pending;
  private int pendingCount;
  private long oldestPendingAt;
  private long receivedAtLastTick = -1;
  /** Tenants of the pending batch whose label index the classifier is still building; empty: not waiting. */
  private Set<String> waitingFor = Set.of();

  IntentProcessor(AgentMessageReader reader, IntentClassifier classifier, IntentDecider decider, Clock clock,
      RouterMetrics metrics, Tracer tracer, RouterBatching batching, ThreadActivity activity) {
    this.reader = requireNonNull(reader, "reader");
    this.classifier = requireNonNull(classifier, "classifier");
    this.decider = requireNonNull(decider, "decider");
    this.clock = requireNonNull(clock, "clock");
    this.metrics = requireNonNull(metrics, "metrics");
    this.tracer = requireNonNull(tracer, "tracer");
    this.batching = requireNonNull(batching, "batching");
    this.activity = requireNonNull(activity, "activity");
  }

  @Override
  public void init(ProcessorContext<String, RouteOutcome> context) {
    this.context = context;
    this.catalogues = context.getStateStore(IntentRouter.CATALOGUE_STORE);
    KeyValueStore<String, ValueAndTimestamp<LabelSnapshot>> snapshots =
        context.getStateStore(IntentRouter.LABEL_SNAPSHOT_STORE);
    this.labels = (snapshot, tenant) -> Optional.ofNullable(snapshots.get(LabelSnapshot.key(snapshot, tenant)))
        .map(ValueAndTimestamp::value);
    this.conversations = context.getStateStore(IntentRouter.CONVERSATION_STORE);
    this.pending = context.getStateStore(IntentRouter.PENDING_STORE);
    // Messages restored from the changelog (a crash or a move with messages pending) go out with
    // the first linger tick.
    try (KeyValueIterator<Long, PendingMessage> restored = pending.all()) {
      restored.forEachRemaining(entry -> pendingCount++);
    }
    oldestPendingAt = context.currentSystemTimeMs();
    context.schedule(batching.linger(), PunctuationType.WALL_CLOCK_TIME, this::tick);
    // A turn older than the follow-up window can never keep a message with its agent: forget it,
    // so the store holds active conversations only instead of growing forever.
    context.schedule(EXPIRY_INTERVAL, PunctuationType.STREAM_TIME, this::forgetIdleConversations);
  }

  private void forgetIdleConversations(long streamTime) {
    Instant cutoff = Instant.ofEpochMilli(streamTime).minus(decider.followUps().window());
    List<String> idle = new ArrayList<>();
    try (KeyValueIterator<String, Conversation> all = conversations.all()) {
      all.forEachRemaining(entry -> {
        if (entry.value == null || entry.value.last().map(turn -> turn.at().isBefore(cutoff)).orElse(true)) {
          idle.add(entry.key);
        }
      });
    }
    idle.forEach(conversations::delete);
  }

  /**
   * Routes what is pending once the thread took in nothing since the previous tick (the input is
   * quiet) or the oldest message has waited too long. A tick alone is no reason: after a long flush
   * every tick is due, and flushing then would cut every batch short.
   */
  private void tick(long now) {
    if (!waitingFor.isEmpty()) {
      AgentCatalogue catalogue = activeCatalogue();
      if (waitingFor.stream().anyMatch(tenant -> !classifier.ready(catalogue, tenant, labels))) {
        return;
      }
      waitingFor = Set.of();
      flush();
      return;
    }
    long received = activity.count();
    boolean quiet = received == receivedAtLastTick;
    receivedAtLastTick = received;
    if (pendingCount > 0 && (quiet || now - oldestPendingAt >= batching.maxWait().toMillis())) {
      flush();
    }
  }

  @Override
  public void process(Record<byte[], byte[]> record) {
    activity.received();
    try {
      reader.conversationId(record.key());
      reader.read(record.value());
    } catch (InvalidRecordException e) {
      deadLetter(record, e);
      return;
    }
    long offset = context.recordMetadata().map(m -> m.offset()).orElseThrow(
        () -> new IllegalStateException("an agent message without an input offset"));
    if (pendingCount == 0) {
      oldestPendingAt = context.currentSystemTimeMs();
    }
    pending.put(offset, PendingMessage.of(record));
    pendingCount++;
    if (pendingCount >= batching.maxMessages() && waitingFor.isEmpty()) {
      flush();
    }
  }

  /**
   * Classifies every pending message in one call, then decides and forwards each in arrival order;
   * or, while the classifier builds a tenant's label index in the background, keeps them all
   * pending: the build may outlast a transaction, the wait does not hold one open.
   */
  private void flush() {
    // At most one batch: after a wait for a label index the store may hold far more, and classifying
    // them all at once could outlast the transaction; the rest go with the next ticks.
    List<KeyValue<Long, PendingMessage>> batch = new ArrayList<>(Math.min(pendingCount, batching.maxMessages()));
    try (KeyValueIterator<Long, PendingMessage> all = pending.all()) {
      while (all.hasNext() && batch.size() < batching.maxMessages()) {
        batch.add(all.next());
      }
    }
    AgentCatalogue catalogue = activeCatalogue();
    List<Read> reads = new ArrayList<>(batch.size());
    for (KeyValue<Long, PendingMessage> entry : batch) {
      Record<byte[], byte[]> record = entry.value.record();
      reads.add(new Read(record, entry.key, reader.conversationId(record.key()), reader.read(record.value())));
    }
    Set<String> unready = new TreeSet<>();
    reads.stream().map(r -> r.message().tenant()).distinct()
        .filter(tenant -> !classifier.ready(catalogue, tenant, labels)).forEach(unready::add);
    if (!unready.isEmpty()) {
      waitingFor = Set.copyOf(unready);
      return;
    }
    List<Classification> scores = new ArrayList<>(reads.size());
    // Outages propagate (Kafka Streams retries them); an unclassified failure of the batch makes the
    // messages go one at a time, so only the message that causes it is dead-lettered.
    boolean batched = reads.size() > 1 && ONE_TRY.run(() -> {
      scores.clear();
      scores.addAll(classifyByTenant(reads, catalogue));
    }).isEmpty();
    metrics.batched(reads.size());
    for (int i = 0; i < reads.size(); i++) {
      Read read = reads.get(i);
      if (batched) {
        routeTraced(read, scores.get(i), catalogue);
      } else {
        List<Classification> one = new ArrayList<>(1);
        Optional<Throwable> unexpected = attempts.run(() -> {
          one.clear();
          one.add(classifier.classifyAll(List.of(read.message().text()), catalogue, read.message().tenant(), labels)
              .getFirst());
        });
        if (unexpected.isPresent()) {
          deadLetter(read, RecordAttempts.unexpected(unexpected.get()));
        } else {
          routeTraced(read, one.getFirst(), catalogue);
        }
      }
      pending.delete(batch.get(i).key);
    }
    pendingCount -= batch.size();
  }

  /**
   * The scores of every read, in order. Without label settings the whole batch is one call; with
   * them, one call per tenant, since each tenant votes with its own labels.
   */
  private List<Classification> classifyByTenant(List<Read> reads, AgentCatalogue catalogue) {
    if (catalogue.labels() == null) {
      return classifier.classifyAll(reads.stream().map(r -> r.message().text()).toList(), catalogue);
    }
    Map<String, List<Integer>> byTenant = new LinkedHashMap<>();
    for (int i = 0; i < reads.size(); i++) {
      byTenant.computeIfAbsent(reads.get(i).message().tenant(), t -> new ArrayList<>()).add(i);
    }
    Classification[] scores = new Classification[reads.size()];
    byTenant.forEach((tenant, indexes) -> {
      List<Classification> tenantScores = classifier.classifyAll(
          indexes.stream().map(i -> reads.get(i).message().text()).toList(), catalogue, tenant, labels);
      for (int j = 0; j < indexes.size(); j++) {
        scores[indexes.get(j)] = tenantScores.get(j);
      }
    });
    return List.of(scores);
  }

  /** A pending record, its input offset, and what the reader made of it when it arrived. */
  private record Read(Record<byte[], byte[]> record, long offset, String conversationId, AgentMessage message) {}

  /** Where a pending message came from: a flush runs for many records, or for none while punctuating. */
  private record PendingOrigin(String topic, int partition, long offset) implements RecordMetadata {}

  private void routeTraced(Read read, Classification scores, AgentCatalogue catalogue) {
    Map<String, String> trace = CloudEvents.unwrapTrace(read.record().headers());
    Span span = TraceContext.processing(tracer, Topics.AGENTS_MESSAGES.name(), trace).startSpan();
    try (Scope scope = TraceContext.enter(span)) {
      Optional<Throwable> unexpected = attempts.run(() -> route(read, scores, catalogue, trace, span));
      if (unexpected.isPresent()) {
        span.setAttribute("tributary.error_code", "UNEXPECTED_ERROR");
        deadLetter(read, RecordAttempts.unexpected(unexpected.get()));
      }
    } catch (RuntimeException e) {
      span.setStatus(StatusCode.ERROR, e.getClass().getSimpleName());
      throw e;
    } finally {
      span.end();
    }
  }

  private void route(Read read, Classification scores, AgentCatalogue catalogue, Map<String, String> trace,
      Span span) {
    Record<byte[], byte[]> record = read.record();
    String conversationId = read.conversationId();
    AgentMessage message = read.message();
    Instant at = message.sentAt() != null ? message.sentAt() : Instant.ofEpochMilli(record.timestamp());
    String stateKey = message.tenant() + "/" + conversationId;
    Conversation conversation = conversations.get(stateKey);
    RoutingDecision decision =
        decider.decide(conversationId, message, scores, catalogue, conversation, at, clock.instant());
    Conversation.Turn turn = new Conversation.Turn(
        message.id(), decision.agent(), decision.confidence(), decision.reason(), at);
    conversations.put(stateKey,
        (conversation == null ? new Conversation(null) : conversation).plus(turn, decider.followUps().maxTurns()));
    // Ids, agent and scores only: message text never goes to the log.
    log.atDebug().addKeyValue("conversation", conversationId).addKeyValue("message", message.id())
        .addKeyValue("agent", decision.agent()).addKeyValue("confidence", decision.confidence())
        .addKeyValue("reason", decision.reason()).log("message routed");
    RouteOutcome routed = new RouteOutcome.Routed(decision, new AgentRequest(conversationId, message, decision));
    // The outputs carry this span's context: the agents projector continues the trace from it.
    Headers headers = new RecordHeaders(record.headers().toArray());
    TraceContext.continuedBy(trace, span).forEach((name, value) -> {
      headers.remove(name);
      headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    });
    context.forward(record.withKey(conversationId).withValue(routed).withHeaders(headers));
    metrics.decided(decision.reason());
  }

  private AgentCatalogue activeCatalogue() {
    ValueAndTimestamp<AgentCatalogue> active = catalogues.get(Topics.CATALOGUE_KEY);
    return active == null || active.value() == null ? AgentCatalogue.EMPTY : active.value();
  }

  /** A pending message's dead letter names its own coordinates, not those of the record being processed. */
  private void deadLetter(Read read, InvalidRecordException failure) {
    deadLetter(read.record(), failure, Optional.of(
        new PendingOrigin(Topics.AGENTS_MESSAGES.name(), context.taskId().partition(), read.offset())));
  }

  private void deadLetter(Record<byte[], byte[]> record, InvalidRecordException failure) {
    deadLetter(record, failure, context.recordMetadata().filter(m -> m.topic() != null));
  }

  private void deadLetter(Record<byte[], byte[]> record, InvalidRecordException failure,
      Optional<RecordMetadata> origin) {
    metrics.deadLettered();
    // Code and coordinates only: the message may quote the text.
    log.atWarn().addKeyValue("code", failure.code())
        .addKeyValue("topic", origin.map(m -> m.topic()).orElse(null))
        .addKeyValue("partition", origin.map(m -> m.partition()).orElse(null))
        .addKeyValue("offset", origin.map(m -> m.offset()).orElse(null))
        .log("agent message sent to the dead-letter topic");
    context.forward(new Record<String, RouteOutcome>(
        null,
        new RouteOutcome.DeadLetter(record.key(), record.value()),
        record.timestamp(),
        DeadLetters.headers(record.headers(), origin, failure, clock.instant())));
  }
}
