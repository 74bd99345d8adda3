package io.tributary.projections.db;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PgVectorVersionTest {

  @Test
  void shouldCompareVersionsNumericallyNotAsText() {
    assertThat(PgVectorVersion.parse("0.10.0")).isGreaterThan(PgVectorVersion.parse("0.8.0"));
    assertThat(PgVectorVersion.parse("0.7.4")).isLessThan(Migrations.MINIMUM_PGVECTOR);
    assertThat(PgVectorVersion.parse("0.8.0")).isEqualByComparingTo(Migrations.MINIMUM_PGVECTOR);
  }

  @Test
  void shouldIgnoreASuffixAfterTheNumbers() {
    assertThat(PgVectorVersion.parse("0.8.1-dev")).isEqualTo(PgVectorVersion.parse("0.8.1"));
  }
}
