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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes one raw {@code agents.messages.v1} record: reads it, scores it against the active
 * catalogue (global store), decides with the conversation's context (local store) and forwards a
 * {@link RouteOutcome}. Unreadable records become dead letters; a classifier failure propagates,
 * since it is not the record's fault.
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
  private ProcessorContext<String, RouteOutcome> context;
  private KeyValueStore<String, ValueAndTimestamp<AgentCatalogue>> catalogues;
  private KeyValueStore<String, Conversation> conversations;

  IntentProcessor(AgentMessageReader reader, IntentClassifier classifier, IntentDecider decider, Clock clock,
      RouterMetrics metrics, Tracer tracer) {
    this.reader = requireNonNull(reader, "reader");
    this.classifier = requireNonNull(classifier, "classifier");
    this.decider = requireNonNull(decider, "decider");
    this.clock = requireNonNull(clock, "clock");
    this.metrics = requireNonNull(metrics, "metrics");
    this.tracer = requireNonNull(tracer, "tracer");
  }

  @Override
  public void init(ProcessorContext<String, RouteOutcome> context) {
    this.context = context;
    this.catalogues = context.getStateStore(IntentRouter.CATALOGUE_STORE);
    this.conversations = context.getStateStore(IntentRouter.CONVERSATION_STORE);
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

  @Override
  public void process(Record<byte[], byte[]> record) {
    Map<String, String> trace = CloudEvents.unwrapTrace(record.headers());
    Span span = TraceContext.processing(tracer, Topics.AGENTS_MESSAGES.name(), trace).startSpan();
    try (Scope scope = TraceContext.enter(span)) {
      Optional<Throwable> unexpected = attempts.run(() -> route(record, trace, span));
      if (unexpected.isPresent()) {
        span.setAttribute("tributary.error_code", "UNEXPECTED_ERROR");
        deadLetter(record, RecordAttempts.unexpected(unexpected.get()));
      }
    } catch (RuntimeException e) {
      span.setStatus(StatusCode.ERROR, e.getClass().getSimpleName());
      throw e;
    } finally {
      span.end();
    }
  }

  private void route(Record<byte[], byte[]> record, Map<String, String> trace, Span span) {
    String conversationId;
    AgentMessage message;
    try {
      conversationId = reader.conversationId(record.key());
      message = reader.read(record.value());
    } catch (InvalidRecordException e) {
      deadLetter(record, e);
      return;
    }
    AgentCatalogue catalogue = activeCatalogue();
    Instant at = message.sentAt() != null ? message.sentAt() : Instant.ofEpochMilli(record.timestamp());
    String stateKey = message.tenant() + "/" + conversationId;
    Conversation conversation = conversations.get(stateKey);
    Classification scores = classifier.classify(message.text(), catalogue);
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

  private void deadLetter(Record<byte[], byte[]> record, InvalidRecordException failure) {
    metrics.deadLettered();
    var origin = context.recordMetadata();
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
