package io.tributary.schemas.agents;

/** The naming rule of per-agent request topics; {@code Topics.agentRequests} builds the topic from it. */
public final class AgentTopics {

  private AgentTopics() {}

  /** {@code agents.<agent>.requests.v1}. */
  public static String requestsTopicName(String agent) {
    return "agents." + agent + ".requests.v1";
  }
}
