package io.tributary.projections.agents;

import io.tributary.embedded.EmbeddedPostgres;
import io.tributary.projections.db.Database;
import io.tributary.projections.testing.MigratedDatabase;
import io.tributary.schemas.agents.RouteReason;
import io.tributary.schemas.agents.RoutingDecision;
import io.tributary.schemas.topics.Topics;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jdbi.v3.core.Jdbi;

/**
 * A migrated database of one test class's own, into which decisions are projected straight from
 * records (no broker) and which {@link AgentRoutes} reads; close it after the class.
 */
final class AgentsDatabase implements AutoCloseable {

  private final AgentsProjection decisions = new AgentsProjection();
  // Offsets rise as in a log; one counter serves the class's decisions and labels alike.
  private final AtomicLong offsets = new AtomicLong();
  private final Database database;
  private final AgentRoutes routes;

  AgentsDatabase(EmbeddedPostgres postgres, String databasePrefix) {
    database = MigratedDatabase.create(postgres, databasePrefix);
    routes = new AgentRoutes(database.jdbi());
  }

  /**
   * A decision for {@code agent} by user u1 with hr as runner-up at 0.1; the "default" agent's is
   * below the threshold, every other one matched.
   */
  static RoutingDecision decision(String tenant, String conversation, String message, String agent, double confidence,
      String text, Instant at) {
    RouteReason reason = agent.equals("default") ? RouteReason.BELOW_THRESHOLD : RouteReason.MATCHED;
    return new RoutingDecision(message, conversation, tenant, "u1", agent, confidence, "hr", 0.1, confidence - 0.1,
        reason, "agents." + agent + ".requests.v1", "v1", "all-minilm-l6-v2-q", text, at, at.plusMillis(5), "", 0);
  }

  Jdbi jdbi() {
    return database.jdbi();
  }

  AgentRoutes routes() {
    return routes;
  }

  /** The offset of the next record any test builds. */
  long nextOffset() {
    return offsets.getAndIncrement();
  }

  /** Projects {@code given} as one batch of agents.routed.v1 records keyed by conversation. */
  void route(RoutingDecision... given) {
    List<ConsumerRecord<String, RoutingDecision>> batch = Arrays.stream(given)
        .map(d -> new ConsumerRecord<>(Topics.AGENTS_ROUTED.name(), 0, nextOffset(), d.conversationId(), d))
        .toList();
    database.jdbi().useTransaction(handle -> decisions.apply(handle, batch));
  }

  /** Deletes every decision, conversation and label, so no test sees another's. */
  void empty() {
    database.jdbi().useHandle(h -> h.execute("TRUNCATE agents.routes, agents.conversations, agents.labels"));
  }

  @Override
  public void close() {
    database.close();
  }
}
