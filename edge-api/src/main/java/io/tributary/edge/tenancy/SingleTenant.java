package io.tributary.edge.tenancy;

import static java.util.Objects.requireNonNull;

import io.helidon.webserver.http.ServerRequest;

/**
 * Every request acts for one configured tenant. This is the resolver of an API without
 * authentication; the OIDC resolver (tenant from a token claim) replaces it when security is on.
 */
public final class SingleTenant implements TenantResolver {

  private final String tenant;

  public SingleTenant(String tenant) {
    this.tenant = requireNonNull(tenant, "tenant");
  }

  @Override
  public String tenantOf(ServerRequest request) {
    return tenant;
  }
}
