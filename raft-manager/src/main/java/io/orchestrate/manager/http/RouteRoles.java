package io.orchestrate.manager.http;

import io.orchestrate.core.model.TokenRole;

/**
 * The role each API route needs when ACLs are enforced: the one table to read when asking who may
 * do what. Keyed by the route's name (as {@link ApiRoutes.Route} carries it) and, where one name
 * serves a read and a write, the method. A route missing here needs operator: a route added
 * without a line here is closed, not open.
 *
 * <pre>
 * open      GET /v1/health (probes); GET /ui and /ui/{file} (the web UI's static files, which hold
 *           nothing of the cluster: every call the page makes sends the token it asks for)
 *           POST /v1/acl/bootstrap until the bootstrap has applied; operator after
 * read      GET /metrics, GET /v1/jobs, GET /v1/jobs/{id}, GET /v1/jobs/{id}/versions, GET /v1/deployments, GET /v1/tasks, GET /v1/nodes,
 *           GET /v1/cluster, GET /v1/cluster/features, GET /v1/state/digest, GET /v1/events, GET /v1/tasks/{id}/logs
 *           (a task's output is as readable as its state: whoever may list tasks may read what they print);
 *           an unknown path (its 404)
 * submit    POST /v1/jobs, POST /v1/jobs?dryRun=true (a plan shows where the cluster has room, as a submission would),
 *           DELETE /v1/jobs/{id}, POST /v1/jobs/{id}/scale, POST /v1/jobs/{id}/revert
 * operator  POST /v1/nodes/{id}/drain|undrain, POST /v1/cluster/transfer-leadership,
 *           POST /v1/cluster/members, DELETE /v1/cluster/members/{id}, GET /v1/snapshot, POST /v1/gc,
 *           POST|GET /v1/acl/tokens, DELETE /v1/acl/tokens/{accessor}, POST /v1/cluster/features/upgrade
 * </pre>
 *
 * A route's wrong method (its 405) needs what the route needs, so a 405 tells nothing to a caller
 * who may not use the route.
 */
final class RouteRoles {
  static final String BOOTSTRAP_ROUTE = "/v1/acl/bootstrap";

  /** What a route needs: nothing, a role, or (bootstrap) nothing until the cluster was bootstrapped. */
  record Need(TokenRole role, boolean open, boolean bootstrap) {
    static final Need OPEN = new Need(null, true, false);
    static final Need BOOTSTRAP = new Need(TokenRole.OPERATOR, false, true);

    static Need role(TokenRole r) {
      return new Need(r, false, false);
    }
  }

  private RouteRoles() {}

  static Need need(String method, String routeName) {
    return switch (routeName) {
      case "/v1/health" -> Need.OPEN;
      case UiFiles.ROUTE -> method.equals("GET") || method.equals("HEAD") ? Need.OPEN : Need.role(TokenRole.READ);
      case BOOTSTRAP_ROUTE -> Need.BOOTSTRAP;
      case "/metrics", "/v1/tasks", "/v1/nodes", "/v1/cluster", "/v1/cluster/features", "/v1/state/digest", "/v1/events", TaskLogRoute.ROUTE, "unknown" ->
          Need.role(TokenRole.READ);
      case "/v1/jobs" -> Need.role(method.equals("POST") ? TokenRole.SUBMIT : TokenRole.READ);
      case "/v1/jobs/{id}" -> Need.role(method.equals("DELETE") ? TokenRole.SUBMIT : TokenRole.READ);
      case "/v1/jobs/{id}/versions", "/v1/deployments" -> Need.role(TokenRole.READ);
      case ApiRoutes.PLAN_ROUTE, "/v1/jobs/{id}/scale", "/v1/jobs/{id}/revert", "/v1/jobs/{id}/restart" -> Need.role(TokenRole.SUBMIT);
      // Drain, membership, leadership, snapshot, gc and tokens; and whatever is not listed.
      default -> Need.role(TokenRole.OPERATOR);
    };
  }
}
