package io.tributary.edge.tenancy;

import io.helidon.webserver.http.ServerRequest;
import io.tributary.edge.http.ApiException;
import io.tributary.edge.security.Caller;

/** The tenant of the authenticated caller (from the token's tenant claim). */
public final class CallerTenant implements TenantResolver {

  @Override
  public String tenantOf(ServerRequest request) {
    // Authentication runs before every /api/ route; without a caller the request must not read anything.
    return Caller.of(request).map(Caller::tenant)
        .orElseThrow(() -> new ApiException(401, "UNAUTHENTICATED", "no authenticated caller"));
  }
}
