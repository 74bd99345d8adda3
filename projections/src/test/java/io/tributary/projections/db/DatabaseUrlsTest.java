package io.tributary.projections.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DatabaseUrlsTest {

  @Test
  void shouldKeepAJdbcUrlAsItIs() {
    assertThat(DatabaseUrls.toJdbc("jdbc:postgresql://db:5433/app?user=a"))
        .isEqualTo("jdbc:postgresql://db:5433/app?user=a");
  }

  @Test
  void shouldConvertAPostgresUrlWithCredentialsAndParameters() {
    assertThat(DatabaseUrls.toJdbc("postgres://app:s3cr%40t@db.internal:5433/tributary?sslmode=require"))
        .isEqualTo("jdbc:postgresql://db.internal:5433/tributary?user=app&password=s3cr%40t&sslmode=require");
  }

  @Test
  void shouldConvertAPostgresqlUrlWithoutCredentialsOrPort() {
    assertThat(DatabaseUrls.toJdbc("postgresql://localhost/app")).isEqualTo("jdbc:postgresql://localhost/app");
  }

  @Test
  void shouldRejectOtherSchemesWithoutShowingThePassword() {
    assertThatThrownBy(() -> DatabaseUrls.toJdbc("mysql://u:hunter2@h/db"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageNotContaining("hunter2");
  }

  @Test
  void shouldRedactPasswordsInBothForms() {
    assertThat(DatabaseUrls.redact("postgres://app:hunter2@db:5432/x")).isEqualTo("postgres://app:***@db:5432/x");
    assertThat(DatabaseUrls.redact("jdbc:postgresql://db/x?user=app&password=hunter2&ssl=true"))
        .isEqualTo("jdbc:postgresql://db/x?user=app&password=***&ssl=true");
    assertThat(DatabaseUrls.redact("redis://:hunter2@cache:6379")).isEqualTo("redis://:***@cache:6379");
    assertThat(DatabaseUrls.redact("jdbc:postgresql://db:5432/x")).isEqualTo("jdbc:postgresql://db:5432/x");
  }
}
