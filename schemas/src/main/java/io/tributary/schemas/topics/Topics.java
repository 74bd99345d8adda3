package io.tributary.schemas.topics;

import io.tributary.schemas.agents.AgentCatalogue;
import io.tributary.schemas.agents.AgentDefinition;
import io.tributary.schemas.agents.AgentMessage;
import io.tributary.schemas.agents.AgentRequest;
import io.tributary.schemas.agents.AgentTopics;
import io.tributary.schemas.agents.IntentLabel;
import io.tributary.schemas.agents.LabelSnapshot;
import io.tributary.schemas.agents.RoutingDecision;
import io.tributary.schemas.documents.EmbeddedDocument;
import io.tributary.schemas.documents.EmbeddingProfile;
import io.tributary.schemas.documents.SubmittedDocument;
import io.tributary.schemas.json.JsonSerde;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;

/** The v1 topic catalogue: every topic Tributary reads or writes is declared here, once. */
public final class Topics {

  /**
   * Partitions of the document topics in the catalogue; a cluster gets {@code TRIBUTARY_TOPIC_PARTITIONS}
   * (see {@link TopicLayout}), so code asks the cluster for a topic's partitions, never this constant.
   */
  public static final int DOCUMENT_PARTITIONS = TopicLayout.DEFAULT_PARTITIONS;

  /** One document version with all its chunks and vectors can be large: allow 16 MiB. */
  public static final int EMBEDDED_MAX_MESSAGE_BYTES = 16 * 1024 * 1024;

  /** Submitted documents may carry the text of a large file: allow 8 MiB. */
  public static final int SUBMITTED_MAX_MESSAGE_BYTES = 8 * 1024 * 1024;

  /** Documents as submitted by the API, the CLI or any other producer; key = {@code <tenant>/<id>} (ADR 16). */
  public static final Topic<String, SubmittedDocument> DOCS_SUBMITTED =
      new Topic<>(
          "docs.submitted.v1",
          DOCUMENT_PARTITIONS,
          true,
          SUBMITTED_MAX_MESSAGE_BYTES,
          Serdes.String(),
          JsonSerde.of(SubmittedDocument.class));

  /**
   * Every submission and tombstone the document pipeline accepted (its key names the value's tenant
   * and id), keyed {@code <tenant>/<id>}: the source of truth a roll re-processes (ADR 0026). Only
   * the pipeline writes it, in the transaction that embeds the record; producers never do.
   */
  public static final Topic<String, SubmittedDocument> DOCS_ACCEPTED =
      new Topic<>(
          "docs.accepted.v1",
          DOCUMENT_PARTITIONS,
          true,
          SUBMITTED_MAX_MESSAGE_BYTES,
          Serdes.String(),
          JsonSerde.of(SubmittedDocument.class));

  /** One document version chunked and embedded; key = {@code <tenant>/<id>} (ADR 16). */
  public static final Topic<String, EmbeddedDocument> DOCS_EMBEDDED =
      new Topic<>(
          "docs.embedded.v1",
          DOCUMENT_PARTITIONS,
          true,
          EMBEDDED_MAX_MESSAGE_BYTES,
          Serdes.String(),
          JsonSerde.of(EmbeddedDocument.class));

  /**
   * The output of a roll to {@code profile}: {@code docs.embedded.<profile id>.v1}, laid out like
   * {@link #DOCS_EMBEDDED} (ADR 0012). {@link #DOCS_EMBEDDED} stays the output of the pipeline
   * that was deployed before any roll.
   */
  public static Topic<String, EmbeddedDocument> docsEmbedded(EmbeddingProfile profile) {
    return new Topic<>(
        "docs.embedded." + profile.id() + ".v1",
        DOCUMENT_PARTITIONS,
        true,
        EMBEDDED_MAX_MESSAGE_BYTES,
        Serdes.String(),
        JsonSerde.of(EmbeddedDocument.class));
  }

  /** The embedded-documents topic named {@code name}: {@link #DOCS_EMBEDDED} or a roll's output. */
  public static Topic<String, EmbeddedDocument> embeddedNamed(String name) {
    if (name.equals(DOCS_EMBEDDED.name())) {
      return DOCS_EMBEDDED;
    }
    if (!name.matches("docs\\.embedded\\.[a-z0-9-]{1,80}\\.v1")) {
      throw new IllegalArgumentException("not an embedded-documents topic: " + name);
    }
    return new Topic<>(name, DOCUMENT_PARTITIONS, true, EMBEDDED_MAX_MESSAGE_BYTES, Serdes.String(),
        JsonSerde.of(EmbeddedDocument.class));
  }

  /** Records of {@link #DOCS_SUBMITTED} the pipeline could not process, with reasons in headers. */
  public static final Topic<byte[], byte[]> DOCS_SUBMITTED_DLQ = DOCS_SUBMITTED.deadLetters();

  /** Records of {@link #DOCS_EMBEDDED} a projection could not hold, with reasons in headers. */
  public static final Topic<byte[], byte[]> DOCS_EMBEDDED_DLQ = DOCS_EMBEDDED.deadLetters();
  /** Partitions of the agent topics in the catalogue: conversations spread by key (see {@link #DOCUMENT_PARTITIONS}). */
  public static final int AGENT_PARTITIONS = TopicLayout.DEFAULT_PARTITIONS;

  /** User messages for agents, from the API or any producer; key = conversation id. */
  public static final Topic<String, AgentMessage> AGENTS_MESSAGES =
      new Topic<>("agents.messages.v1", AGENT_PARTITIONS, false, Topic.DEFAULT_MAX_MESSAGE_BYTES,
          Serdes.String(), JsonSerde.of(AgentMessage.class));

  /** Every routing decision (agent, confidence, runner-up, catalogue version); key = conversation id. */
  public static final Topic<String, RoutingDecision> AGENTS_ROUTED =
      new Topic<>("agents.routed.v1", AGENT_PARTITIONS, false, Topic.DEFAULT_MAX_MESSAGE_BYTES,
          Serdes.String(), JsonSerde.of(RoutingDecision.class));

  /** The agent catalogue, one value per key (key {@link #CATALOGUE_KEY}); compacted, read as a global table. */
  public static final Topic<String, AgentCatalogue> AGENTS_CATALOGUE =
      new Topic<>("agents.catalogue.v1", 1, true, Topic.DEFAULT_MAX_MESSAGE_BYTES,
          Serdes.String(), JsonSerde.of(AgentCatalogue.class));

  /**
   * Labels: the right agent for one message, per tenant; key = {@code <tenant>/<message id>},
   * compacted, a tombstone withdraws a label (ADR 0029).
   */
  public static final Topic<String, IntentLabel> AGENTS_LABELS =
      new Topic<>("agents.labels.v1", AGENT_PARTITIONS, true, Topic.DEFAULT_MAX_MESSAGE_BYTES,
          Serdes.String(), JsonSerde.of(IntentLabel.class));

  /** A snapshot's part can hold a few thousand labels of one tenant: allow 8 MiB. */
  public static final int LABEL_SNAPSHOT_MAX_MESSAGE_BYTES = 8 * 1024 * 1024;

  /**
   * Frozen label sets that catalogues name; key = {@code <snapshot id>/<tenant>}; compacted, one
   * partition, read as a global table by the routers (ADR 0029).
   */
  public static final Topic<String, LabelSnapshot> AGENTS_LABEL_SNAPSHOTS =
      new Topic<>("agents.label-snapshots.v1", 1, true, LABEL_SNAPSHOT_MAX_MESSAGE_BYTES,
          Serdes.String(), JsonSerde.of(LabelSnapshot.class));

  /** Label records the labels projection could not hold, with reasons in headers. */
  public static final Topic<byte[], byte[]> AGENTS_LABELS_DLQ = AGENTS_LABELS.deadLetters();

  /** Key of the active catalogue on {@link #AGENTS_CATALOGUE}. */
  public static final String CATALOGUE_KEY = "active";

  /** Records of {@link #AGENTS_MESSAGES} the router could not read, with reasons in headers. */
  public static final Topic<byte[], byte[]> AGENTS_MESSAGES_DLQ = AGENTS_MESSAGES.deadLetters();

  /** Routing decisions the agents projection could not hold, with reasons in headers. */
  public static final Topic<byte[], byte[]> AGENTS_ROUTED_DLQ = AGENTS_ROUTED.deadLetters();

  /**
   * Pipeline dead letters the document-failures projection could not hold. Every projection
   * dead-letters beside its source topic, and a broker with automatic topic creation off (Redpanda
   * in production) refuses a topic nobody created.
   */
  public static final Topic<byte[], byte[]> DOCS_SUBMITTED_DLQ_DLQ = DOCS_SUBMITTED_DLQ.deadLetters();

  /** Messages no configured agent is confident about. */
  public static final Topic<String, AgentRequest> AGENTS_DEFAULT_REQUESTS =
      requestsTopic(AgentTopics.requestsTopicName(RoutingDecision.DEFAULT_AGENT));

  private Topics() {}

  /** The request topic of one configured agent (agent names come from the catalogue, so this is a factory). */
  public static Topic<String, AgentRequest> agentRequests(AgentDefinition agent) {
    return requestsTopic(agent.topic());
  }

  /** The request topics of every agent of {@code catalogue}, plus {@code default}'s. */
  public static List<Topic<?, ?>> agentRequests(AgentCatalogue catalogue) {
    List<Topic<?, ?>> topics = new ArrayList<>();
    topics.add(AGENTS_DEFAULT_REQUESTS);
    catalogue.agents().forEach(agent -> topics.add(agentRequests(agent)));
    return List.copyOf(topics);
  }

  private static Topic<String, AgentRequest> requestsTopic(String name) {
    return new Topic<>(name, AGENT_PARTITIONS, false, Topic.DEFAULT_MAX_MESSAGE_BYTES,
        Serdes.String(), JsonSerde.of(AgentRequest.class));
  }

  /** Every topic of the catalogue, in creation order. */
  public static List<Topic<?, ?>> all() {
    return List.of(DOCS_SUBMITTED, DOCS_ACCEPTED, DOCS_EMBEDDED, DOCS_SUBMITTED_DLQ, DOCS_EMBEDDED_DLQ, DOCS_SUBMITTED_DLQ_DLQ,
        AGENTS_MESSAGES, AGENTS_ROUTED, AGENTS_CATALOGUE, AGENTS_MESSAGES_DLQ, AGENTS_ROUTED_DLQ,
        AGENTS_DEFAULT_REQUESTS, AGENTS_LABELS, AGENTS_LABEL_SNAPSHOTS, AGENTS_LABELS_DLQ);
  }
}
