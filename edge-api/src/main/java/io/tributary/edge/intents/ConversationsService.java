package io.tributary.edge.intents;

import static java.util.Objects.requireNonNull;

import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.tributary.edge.http.ApiException;
import io.tributary.edge.http.JsonResponses;
import io.tributary.edge.tenancy.TenantResolver;
import io.tributary.projections.agents.AgentRoutes;

/** {@code /api/v1/conversations/{id}}: one conversation of the caller's tenant with its routed turns. */
public final class ConversationsService implements HttpService {

  private final AgentRoutes routes;
  private final TenantResolver tenants;

  public ConversationsService(AgentRoutes routes, TenantResolver tenants) {
    this.routes = requireNonNull(routes, "routes");
    this.tenants = requireNonNull(tenants, "tenants");
  }

  @Override
  public void routing(HttpRules rules) {
    rules.get("/{id}", this::conversation);
  }

  private void conversation(ServerRequest request, ServerResponse response) {
    String id = request.path().pathParameters().get("id");
    if (!IntentsService.VALID_ID.matcher(id).matches()) {
      throw ApiException.badRequest("id", "must match " + IntentsService.VALID_ID.pattern());
    }
    JsonResponses.send(response, 200, routes.conversation(tenants.tenantOf(request), id)
        .orElseThrow(() -> new ApiException(404, "NOT_FOUND", "no conversation " + id)));
  }
}
