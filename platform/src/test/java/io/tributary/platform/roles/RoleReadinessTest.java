package io.tributary.platform.roles;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.edge.health.ReadinessCheck;
import io.tributary.projections.projector.ProjectorStatus;
import java.time.Instant;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;

class RoleReadinessTest {

  @Test
  void shouldReportAFailingProjectorDownWithItsLastError() {
    ReadinessCheck check = RoleReadiness.projector("rag", () ->
        new ProjectorStatus("rag", true, Instant.now(), 12, 2, "Postgres unreachable", true, 0, 0));

    assertThat(check.name()).isEqualTo("projector-rag");
    assertThat(check.check().up()).isFalse();
    assertThat(check.check().detail()).isEqualTo("12 records applied; last error: Postgres unreachable");
  }

  @Test
  void shouldReportAHealthyProjectorUp() {
    ReadinessCheck check = RoleReadiness.projector("agents", () ->
        new ProjectorStatus("agents", true, Instant.now(), 3, 0, null, false, 0, 0));

    assertThat(check.check()).isEqualTo(ReadinessCheck.CheckResult.up("3 records applied"));
  }

  @Test
  void shouldFollowTheStreamsApplicationState() {
    ReadinessCheck running = RoleReadiness.streams("document-pipeline", () -> true, () -> KafkaStreams.State.RUNNING);
    ReadinessCheck failed = RoleReadiness.streams("document-pipeline", () -> false, () -> KafkaStreams.State.ERROR);

    assertThat(running.check()).isEqualTo(ReadinessCheck.CheckResult.up("RUNNING"));
    assertThat(failed.check()).isEqualTo(ReadinessCheck.CheckResult.down("ERROR"));
  }

  @Test
  void shouldCountAStreamsClientDeadOnlyInError() {
    assertThat(RoleReadiness.streamsAlive("intent-router", () -> KafkaStreams.State.REBALANCING).check().up()).isTrue();
    assertThat(RoleReadiness.streamsAlive("intent-router", () -> KafkaStreams.State.PENDING_ERROR).check().up())
        .isFalse();
    assertThat(RoleReadiness.streamsAlive("intent-router", () -> KafkaStreams.State.ERROR).check())
        .isEqualTo(ReadinessCheck.CheckResult.down("ERROR"));
  }

  @Test
  void shouldKeepAFailingProjectorAliveUntilItsStallLimit() {
    ReadinessCheck check = RoleReadiness.projectorAlive("rag", () ->
        new ProjectorStatus("rag", true, Instant.now(), 12, 2, "Postgres unreachable", true, 0, 0),
        java.time.Duration.ofMinutes(2));

    assertThat(check.check().up()).isTrue();
    assertThat(check.check().detail()).contains("Postgres unreachable");
  }
}
