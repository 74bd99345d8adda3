package io.tributary.projections.agents;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;

/** The labels part of {@link RoutingStats}: label counts and the live confusion matrix of one tenant. */
final class LabelStats {

  // Each label meets its message's latest decision (several conversations may carry one message id);
  // a label given before that decision (an import of older traffic) judges nothing.
  private static final String CONFUSION = """
      SELECT latest.agent AS routed, l.agent AS labelled, count(*) AS n
      FROM agents.labels l
      CROSS JOIN LATERAL (
          SELECT r.agent, r.routed_at FROM agents.routes r
          WHERE r.tenant = l.tenant AND r.message_id = l.message_id
          ORDER BY r.routed_at DESC, r.seq DESC LIMIT 1) latest
      WHERE l.tenant = :tenant AND l.labelled_at >= latest.routed_at
      GROUP BY latest.agent, l.agent
      ORDER BY n DESC, routed, labelled
      """;

  private LabelStats() {}

  static RoutingStats.Labels of(Handle handle, String tenant) {
    Map<String, Long> perAgent = new LinkedHashMap<>();
    handle.createQuery("SELECT agent, count(*) AS n FROM agents.labels WHERE tenant = :tenant"
            + " GROUP BY agent ORDER BY n DESC, agent")
        .bind("tenant", tenant)
        .map((rs, ctx) -> Map.entry(rs.getString("agent"), rs.getLong("n")))
        .forEach(e -> perAgent.put(e.getKey(), e.getValue()));
    List<RoutingStats.Confusion> confusion = handle.createQuery(CONFUSION)
        .bind("tenant", tenant)
        .map((rs, ctx) -> new RoutingStats.Confusion(rs.getString("routed"), rs.getString("labelled"),
            rs.getLong("n")))
        .list();
    long judged = confusion.stream().mapToLong(RoutingStats.Confusion::count).sum();
    long agreed = confusion.stream().filter(c -> c.routed().equals(c.labelled()))
        .mapToLong(RoutingStats.Confusion::count).sum();
    return new RoutingStats.Labels(perAgent, judged, judged == 0 ? null : (double) agreed / judged, confusion);
  }
}
