package io.tributary.schemas.topics;

/**
 * The consumer groups that read Tributary's topics, next to the topics themselves: operators see
 * these names in lag dashboards, ACLs and alerts, so they are as much a contract as topic names.
 */
public final class ConsumerGroups {

  /** The document pipeline's Kafka Streams application id by default (TRIBUTARY_STREAMS_APPLICATION_ID). */
  public static final String DOCUMENT_PIPELINE = "tributary-document-pipeline";
  /** The intent router's Kafka Streams application id by default (TRIBUTARY_ROUTER_APPLICATION_ID). */
  public static final String INTENT_ROUTER = "tributary-intent-router";
  /** Every projector's group starts with this; the projection's name follows. */
  public static final String PROJECTOR_PREFIX = "tributary-projector-";

  private ConsumerGroups() {}

  /** The group of projection {@code name}; its offsets of record are in Postgres, this one is for lag. */
  public static String projector(String name) {
    return PROJECTOR_PREFIX + name;
  }

  /** The application id of an embedding profile's pipeline: the pipeline's id and the profile's. */
  public static String profilePipeline(String pipelineApplicationId, String profileId) {
    return pipelineApplicationId + "-" + profileId;
  }
}
