package io.tributary.streams.intents;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Tracer;
import io.tributary.schemas.agents.AgentCatalogue;
import io.tributary.schemas.agents.AgentMessageReader;
import io.tributary.schemas.agents.AgentRequest;
import io.tributary.schemas.agents.LabelSnapshot;
import io.tributary.schemas.json.JsonSerde;
import io.tributary.schemas.topics.Topic;
import io.tributary.schemas.topics.Topics;
import java.time.Clock;
import java.util.Set;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The intent topology: {@code agents.messages.v1} → embed and score against the catalogue (a
 * global table of {@code agents.catalogue.v1}, so a newly published catalogue routes the next
 * message) and, when the catalogue names a label snapshot, the tenant's labels (a global table of
 * {@code agents.label-snapshots.v1}) → decide with the conversation's context → the message to
 * {@code agents.<agent>.requests.v1} and the decision to {@code agents.routed.v1}; unreadable
 * records, unchanged and with the reason in headers, to {@code agents.messages.v1.dlq.v1}.
 * A description only: the runner owns the lifecycle.
 */
public final class IntentRouter {

  /** Global store: {@link Topics#CATALOGUE_KEY} → the active {@link AgentCatalogue}. */
  public static final String CATALOGUE_STORE = "agent-catalogue";

  /** Global store: snapshot id/tenant → that tenant's {@link LabelSnapshot} part. */
  public static final String LABEL_SNAPSHOT_STORE = "agent-label-snapshots";

  /** Persistent store: tenant/conversation id → {@link Conversation}. */
  public static final String CONVERSATION_STORE = "intent-conversations";

  /** Persistent store: input offset → a readable message waiting for its batch. */
  public static final String PENDING_STORE = "intent-pending";

  private IntentRouter() {}

  /** Adds the intent topology to {@code builder}, without metrics, batching as by default. */
  public static void build(StreamsBuilder builder, IntentClassifier classifier, IntentDecider decider, Clock clock) {
    build(builder, classifier, decider, clock, new CompositeMeterRegistry(), OpenTelemetry.noop());
  }

  /** As {@link #build(StreamsBuilder, IntentClassifier, IntentDecider, Clock, MeterRegistry, OpenTelemetry, RouterBatching)} with the default batching. */
  public static void build(StreamsBuilder builder, IntentClassifier classifier, IntentDecider decider, Clock clock,
      MeterRegistry meters, OpenTelemetry openTelemetry) {
    build(builder, classifier, decider, clock, meters, openTelemetry, RouterBatching.defaults());
  }

  /**
   * Adds the intent topology to {@code builder}; its meters go to {@code meters}, and each message
   * gets a span continuing the trace in its headers, whose context the outputs carry on; messages
   * are classified in batches as {@code batching} says.
   */
  public static void build(StreamsBuilder builder, IntentClassifier classifier, IntentDecider decider, Clock clock,
      MeterRegistry meters, OpenTelemetry openTelemetry, RouterBatching batching) {
    Topic<String, AgentCatalogue> catalogue = Topics.AGENTS_CATALOGUE;
    builder.globalTable(catalogue.name(),
        Consumed.with(catalogue.keySerde(), catalogue.valueSerde()).withName("read-agent-catalogue"),
        Materialized.<String, AgentCatalogue, KeyValueStore<Bytes, byte[]>>as(CATALOGUE_STORE)
            .withKeySerde(catalogue.keySerde()).withValueSerde(catalogue.valueSerde()));

    Topic<String, LabelSnapshot> snapshots = Topics.AGENTS_LABEL_SNAPSHOTS;
    builder.globalTable(snapshots.name(),
        Consumed.with(snapshots.keySerde(), snapshots.valueSerde()).withName("read-label-snapshots"),
        Materialized.<String, LabelSnapshot, KeyValueStore<Bytes, byte[]>>as(LABEL_SNAPSHOT_STORE)
            .withKeySerde(snapshots.keySerde()).withValueSerde(snapshots.valueSerde()));

    // Raw bytes on purpose, key included: the reader explains what is wrong with them, and a
    // dead letter must carry them exactly as they arrived.
    KStream<byte[], byte[]> messages = builder.stream(Topics.AGENTS_MESSAGES.name(),
        Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("read-agent-messages"));

    KStream<String, RouteOutcome> outcomes =
        messages.process(processor(classifier, decider, clock, new RouterMetrics(meters),
            openTelemetry.getTracer("io.tributary.streams"), batching), Named.as("route-messages"));

    Topic<byte[], byte[]> deadLetters = Topics.AGENTS_MESSAGES_DLQ;
    outcomes
        .split(Named.as("route-outcome-"))
        .branch((key, outcome) -> outcome instanceof RouteOutcome.DeadLetter,
            Branched.withConsumer(dead -> dead
                .map((key, outcome) -> {
                  RouteOutcome.DeadLetter letter = (RouteOutcome.DeadLetter) outcome;
                  return KeyValue.pair(letter.key(), letter.value());
                }, Named.as("restore-original-message"))
                .to(deadLetters.name(), Produced.with(deadLetters.keySerde(), deadLetters.valueSerde())
                    .withName("write-message-dead-letters")), "dead-letter"))
        .defaultBranch(Branched.withConsumer(IntentRouter::writeRouted, "routed"));
  }

  private static void writeRouted(KStream<String, RouteOutcome> routed) {
    routed.mapValues(outcome -> ((RouteOutcome.Routed) outcome).decision(), Named.as("routing-decision"))
        .to(Topics.AGENTS_ROUTED.name(),
            Produced.with(Topics.AGENTS_ROUTED.keySerde(), Topics.AGENTS_ROUTED.valueSerde())
                .withName("write-routing-decisions"));
    // One topic per agent, named by the decision: a new agent in the catalogue needs no new topology.
    routed.mapValues(outcome -> ((RouteOutcome.Routed) outcome).request(), Named.as("agent-request"))
        .to((key, request, context) -> request.decision().topic(),
            Produced.with(Serdes.String(), JsonSerde.of(AgentRequest.class)).withName("write-agent-requests"));
  }

  private static ProcessorSupplier<byte[], byte[], String, RouteOutcome> processor(
      IntentClassifier classifier, IntentDecider decider, Clock clock, RouterMetrics metrics, Tracer tracer,
      RouterBatching batching) {
    AgentMessageReader reader = AgentMessageReader.v1();
    ThreadActivity activity = new ThreadActivity();
    return new ProcessorSupplier<>() {
      @Override
      public Processor<byte[], byte[], String, RouteOutcome> get() {
        return new IntentProcessor(reader, classifier, decider, clock, metrics, tracer, batching, activity);
      }

      @Override
      public Set<StoreBuilder<?>> stores() {
        return Set.of(
            Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(CONVERSATION_STORE),
                Serdes.String(), JsonSerde.of(Conversation.class)),
            // Big-endian offsets: the store's byte order is arrival order within the partition.
            Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(PENDING_STORE),
                Serdes.Long(), JsonSerde.of(PendingMessage.class)));
      }
    };
  }
}
