package io.tributary.edge.tenancy;

import io.helidon.webserver.http.ServerRequest;

/** Says which tenant a request acts for; every read and write is scoped to it. */
@FunctionalInterface
public interface TenantResolver {

  /** The tenant of {@code request}. */
  String tenantOf(ServerRequest request);
}
