package io.tributary.projections.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** What a replay may take, and how its work is spread over what it may take. */
class ReplayLimitsTest {

  @Test
  void shouldBuildTheVectorIndexBesideTheOthersOnlyWithFourConnections() {
    assertThat(new ReplayLimits(3, 64L << 20, "64MB", 0).indexLanes()).isEqualTo(1);
    assertThat(ReplayLimits.smallMachine().indexLanes()).isEqualTo(2);
    assertThat(new ReplayLimits(10, 64L << 20, "64MB", 0).indexLanes()).isEqualTo(2);
  }

  @Test
  void shouldSizeEachFetchAtASixthOfTheMemoryBudget() {
    assertThat(new ReplayLimits(4, 600L << 20, "64MB", 0).fetchBytes()).isEqualTo(100 << 20);
  }

  @Test
  void shouldRefuseFewerConnectionsThanABuildNeeds() {
    assertThatThrownBy(() -> new ReplayLimits(2, 64L << 20, "64MB", 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 3 connections");
  }

  @Test
  void shouldRefuseAMaintenanceMemoryThatIsNotAPlainSize() {
    // It is written into SET LOCAL, which takes no bind parameters.
    assertThatThrownBy(() -> new ReplayLimits(4, 64L << 20, "64MB'; DROP TABLE x; --", 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maintenance_work_mem");
    assertThatThrownBy(() -> new ReplayLimits(4, 64L << 20, "lots", 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(new ReplayLimits(4, 64L << 20, "1GB", 2).maintenanceWorkMem()).isEqualTo("1GB");
  }

  @Test
  void shouldReadTheTableOfACatalogueIndexDefinition() {
    assertThat(IndexBuild.table("CREATE INDEX IF NOT EXISTS chunks_embedding_hnsw_idx ON rag_g3.chunks USING hnsw"
        + " (embedding vector_cosine_ops)")).contains("rag_g3.chunks");
    assertThat(IndexBuild.table("DO $$ BEGIN END $$")).isEmpty();
  }
}
