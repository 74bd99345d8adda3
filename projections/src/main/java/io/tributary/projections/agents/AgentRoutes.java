package io.tributary.projections.agents;

import static java.util.Objects.requireNonNull;

import io.tributary.schemas.agents.RoutingDecision;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/** Read side of the agents model: routes by agent, one conversation, statistics. Every query is per tenant. */
public final class AgentRoutes {

  /** Largest page size. */
  public static final int MAX_LIMIT = 200;

  static final int BUCKETS = 10;

  private static final String COLUMNS = """
      seq, conversation_id, message_id, user_id, agent, confidence, runner_up, runner_up_confidence, margin,
      reason, topic, catalogue_version, model, preview, sent_at, routed_at, label_snapshot, label_examples
      """;

  private final Jdbi jdbi;

  public AgentRoutes(Jdbi jdbi) {
    this.jdbi = requireNonNull(jdbi, "jdbi");
  }

  /**
   * Routes of {@code tenant}, newest first, optionally of one agent.
   *
   * @param cursor the {@code nextCursor} of the previous page, or {@code null} for the first
   */
  public RoutePage routes(String tenant, String agent, Long cursor, int limit) {
    requireNonNull(tenant, "tenant");
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException("limit must be in 1.." + MAX_LIMIT + ", was " + limit);
    }
    String sql = "SELECT " + COLUMNS + " FROM agents.routes WHERE tenant = :tenant <byAgent> <beforeCursor>"
        + " ORDER BY seq DESC LIMIT :limit";
    List<RouteRow> rows = jdbi.withHandle(handle -> {
      var query = handle.createQuery(sql)
          .define("byAgent", agent == null ? "" : "AND agent = :agent")
          .define("beforeCursor", cursor == null ? "" : "AND seq < :cursor")
          .bind("tenant", tenant)
          .bind("limit", limit + 1);
      if (agent != null) {
        query.bind("agent", agent);
      }
      if (cursor != null) {
        query.bind("cursor", cursor);
      }
      return query.map((rs, ctx) -> row(rs)).list();
    });
    if (rows.size() <= limit) {
      return new RoutePage(rows, null);
    }
    List<RouteRow> page = rows.subList(0, limit);
    return new RoutePage(List.copyOf(page), page.getLast().seq());
  }

  /** The conversation {@code conversationId} of {@code tenant} with its turns, if it exists. */
  public Optional<ConversationView> conversation(String tenant, String conversationId) {
    requireNonNull(tenant, "tenant");
    requireNonNull(conversationId, "conversationId");
    return jdbi.inTransaction(handle -> {
      List<RouteRow> turns = handle.createQuery("SELECT " + COLUMNS
              + " FROM agents.routes WHERE tenant = :tenant AND conversation_id = :id ORDER BY seq LIMIT 1000")
          .bind("tenant", tenant).bind("id", conversationId)
          .map((rs, ctx) -> row(rs)).list();
      return handle.createQuery("""
              SELECT user_id, last_agent, last_message_id, message_count, started_at, updated_at
              FROM agents.conversations WHERE tenant = :tenant AND conversation_id = :id
              """)
          .bind("tenant", tenant).bind("id", conversationId)
          .map((rs, ctx) -> new ConversationView(conversationId, rs.getString("user_id"),
              rs.getString("last_agent"), rs.getString("last_message_id"), rs.getInt("message_count"),
              instant(rs.getTimestamp("started_at")), instant(rs.getTimestamp("updated_at")), turns))
          .findOne();
    });
  }

  /**
   * The latest decision on message {@code messageId} of {@code tenant} (a message id may recur in
   * several conversations), if the tenant has one.
   */
  public Optional<RouteRow> latestRoute(String tenant, String messageId) {
    requireNonNull(tenant, "tenant");
    requireNonNull(messageId, "messageId");
    return jdbi.withHandle(handle -> handle.createQuery("SELECT " + COLUMNS
            + " FROM agents.routes WHERE tenant = :tenant AND message_id = :id ORDER BY routed_at DESC, seq DESC LIMIT 1")
        .bind("tenant", tenant).bind("id", messageId)
        .map((rs, ctx) -> row(rs)).findOne());
  }

  /**
   * Counts per agent and reason, the confidence histogram, the default rate and the labels'
   * judgement (counts, accuracy, confusion matrix) of {@code tenant}, over all its decisions.
   */
  public RoutingStats stats(String tenant) {
    requireNonNull(tenant, "tenant");
    return jdbi.withHandle(handle -> {
      Map<String, Long> perAgent = new LinkedHashMap<>();
      handle.createQuery("SELECT agent, count(*) AS n FROM agents.routes WHERE tenant = :tenant"
              + " GROUP BY agent ORDER BY n DESC, agent")
          .bind("tenant", tenant)
          .map((rs, ctx) -> Map.entry(rs.getString("agent"), rs.getLong("n")))
          .forEach(e -> perAgent.put(e.getKey(), e.getValue()));
      Map<String, Long> perReason = new LinkedHashMap<>();
      handle.createQuery("SELECT reason, count(*) AS n FROM agents.routes WHERE tenant = :tenant"
              + " GROUP BY reason ORDER BY n DESC, reason")
          .bind("tenant", tenant)
          .map((rs, ctx) -> Map.entry(rs.getString("reason"), rs.getLong("n")))
          .forEach(e -> perReason.put(e.getKey(), e.getValue()));
      long[] counts = new long[BUCKETS];
      handle.createQuery("""
              SELECT least(greatest(floor(confidence * :buckets)::int, 0), :buckets - 1) AS bucket, count(*) AS n
              FROM agents.routes WHERE tenant = :tenant GROUP BY bucket
              """)
          .bind("tenant", tenant).bind("buckets", BUCKETS)
          .map((rs, ctx) -> Map.entry(rs.getInt("bucket"), rs.getLong("n")))
          .forEach(e -> counts[e.getKey()] = e.getValue());
      List<RoutingStats.Bucket> histogram = new ArrayList<>();
      for (int i = 0; i < BUCKETS; i++) {
        histogram.add(new RoutingStats.Bucket(i / (double) BUCKETS, (i + 1) / (double) BUCKETS, counts[i]));
      }
      long total = perAgent.values().stream().mapToLong(Long::longValue).sum();
      long toDefault = perAgent.getOrDefault(RoutingDecision.DEFAULT_AGENT, 0L);
      return new RoutingStats(total, perAgent, histogram, total == 0 ? 0 : (double) toDefault / total, perReason,
          LabelStats.of(handle, tenant));
    });
  }

  private static RouteRow row(ResultSet rs) throws SQLException {
    return new RouteRow(rs.getLong("seq"), rs.getString("conversation_id"), rs.getString("message_id"),
        rs.getString("user_id"), rs.getString("agent"), rs.getDouble("confidence"), rs.getString("runner_up"),
        rs.getDouble("runner_up_confidence"), rs.getDouble("margin"), rs.getString("reason"), rs.getString("topic"),
        rs.getString("catalogue_version"), rs.getString("model"), rs.getString("preview"),
        instant(rs.getTimestamp("sent_at")), instant(rs.getTimestamp("routed_at")), rs.getString("label_snapshot"),
        rs.getInt("label_examples"));
  }

  private static Instant instant(Timestamp timestamp) {
    return timestamp == null ? null : timestamp.toInstant();
  }
}
