package io.tributary.projections.agents;

import java.util.List;

/**
 * One page of routes, newest first.
 *
 * @param nextCursor pass it back to get the next page; {@code null} on the last page
 */
public record RoutePage(List<RouteRow> routes, Long nextCursor) {}
