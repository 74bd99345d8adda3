package io.tributary.edge.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.helidon.http.Method;
import org.junit.jupiter.api.Test;

class AccessRulesTest {

  private final AccessRules rules = new AccessRules();

  @Test
  void shouldRequireTheAdminRoleForLagBecauseItSpansTenants() {
    assertThat(rules.requiredRole(Method.GET, "/api/v1/lag")).contains(Role.ADMIN);
    assertThat(rules.requiredRole(Method.GET, "/api/v1/lag/history")).contains(Role.ADMIN);
    assertThat(rules.requiredRole(Method.GET, "/api/v1/lag/stream")).contains(Role.ADMIN);
  }

  @Test
  void shouldNotMistakeAnotherRouteForLag() {
    assertThat(rules.requiredRole(Method.GET, "/api/v1/lagoon")).isEmpty();
  }

  @Test
  void shouldRequireTheWriteRoleToLabelOrWithdrawALabel() {
    assertThat(rules.requiredRole(Method.POST, "/api/v1/intents/m1/label")).contains(Role.WRITE);
    assertThat(rules.requiredRole(Method.DELETE, "/api/v1/intents/m1/label")).contains(Role.WRITE);
  }
}
