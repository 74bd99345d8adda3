package io.tributary.platform.roles;

import io.micrometer.core.instrument.MeterRegistry;
import io.tributary.monitoring.lag.AdvisoryLockLeadership;
import io.tributary.monitoring.lag.KafkaLagSource;
import io.tributary.monitoring.lag.LagArchive;
import io.tributary.monitoring.lag.LagCollector;
import io.tributary.monitoring.lag.Leadership;
import io.tributary.monitoring.lag.OldestRecordProbe;
import io.tributary.monitoring.lag.PostgresLagArchive;
import io.tributary.monitoring.lag.ProjectionPositions;
import io.tributary.platform.config.Settings;
import io.tributary.projections.db.Database;
import java.time.Clock;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;

/** The lag collector over Kafka and the projectors' Postgres offsets, shared by the api role and {@code tributary lag}. */
public final class LagWiring {

  private LagWiring() {}

  /** A collector (not started) reading through {@code admin} and {@code database}; closing it closes its probe. */
  public static LagCollector collector(Settings settings, Admin admin, Database database, MeterRegistry registry,
      String clientId) {
    return collector(settings, admin, database, registry, clientId, Leadership.alone(), LagArchive.none());
  }

  /**
   * A collector for one of several API replicas: it exports gauges and archives its samples (so the
   * history survives a restart) only while it holds the Postgres advisory lock of the lag collector
   * on {@code election} (a pool of its own, one connection).
   */
  public static LagCollector elected(Settings settings, Admin admin, Database database, Database election,
      MeterRegistry registry, String clientId) {
    return collector(settings, admin, database, registry, clientId,
        new AdvisoryLockLeadership(election.dataSource(), AdvisoryLockLeadership.LAG_COLLECTOR),
        new PostgresLagArchive(database.jdbi()));
  }

  private static LagCollector collector(Settings settings, Admin admin, Database database, MeterRegistry registry,
      String clientId, Leadership leadership, LagArchive archive) {
    OldestRecordProbe probe = new OldestRecordProbe(settings.kafkaClients(), clientId,
        settings.kafkaTimeout());
    KafkaLagSource source = new KafkaLagSource(admin,
        Set.of(settings.streamsApplicationId(), settings.routerApplicationId()),
        new ProjectionPositions(database.jdbi()), probe, settings.kafkaTimeout());
    return new LagCollector(source, settings.lag(), registry, Clock.systemUTC(), leadership, archive);
  }
}
