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
 */
public record RoutingStats(long total, Map<String, Long> perAgent, List<Bucket> confidenceHistogram,
    double defaultRate, Map<String, Long> perReason) {

  /** One histogram bucket: [from, to). */
  public record Bucket(double from, double to, long count) {}
}
