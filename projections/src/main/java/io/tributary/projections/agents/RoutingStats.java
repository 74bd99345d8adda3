package io.tributary.projections.agents;

import java.util.List;
import java.util.Map;

/**
 * Routing statistics of one tenant.
 *
 * @param perAgent routed messages per agent ({@code default} included)
 * @param confidenceHistogram counts per confidence bucket of width 0.1 from 0 to 1 (below 0
 *     counts in the first bucket, 1 in the last)
 * @param defaultRate share of messages routed to {@code default}; 0 without messages
 * @param labels how the tenant's labels judge its routing decisions
 */
public record RoutingStats(long total, Map<String, Long> perAgent, List<Bucket> confidenceHistogram,
    double defaultRate, Map<String, Long> perReason, Labels labels) {

  /** One histogram bucket: [from, to). */
  public record Bucket(double from, double to, long count) {}

  /**
   * The tenant's labels against its decisions. A decision is judged when its message has a label
   * given at or after the decision; a message routed more than once is judged by its latest decision.
   *
   * @param perAgent labels per labelled agent, judged or not
   * @param judged decisions with a label given after them
   * @param accuracy share of judged decisions whose agent is the label's; {@code null} when none is judged
   * @param confusion judged decisions per routed and labelled agent, largest count first
   */
  public record Labels(Map<String, Long> perAgent, long judged, Double accuracy, List<Confusion> confusion) {}

  /** One cell of the confusion matrix: {@code count} decisions routed to {@code routed} and labelled {@code labelled}. */
  public record Confusion(String routed, String labelled, long count) {}
}
