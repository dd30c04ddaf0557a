package io.orchestrate.manager.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.orchestrate.core.model.TokenRole;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The role every route needs, as the README's table promises it, and the bearer header's forms. */
class RouteRolesTest {
  private static TokenRole role(String method, String route) {
    RouteRoles.Need n = RouteRoles.need(method, route);
    assertThat(n.open()).as(method + " " + route + " is not open").isFalse();
    return n.role();
  }

  @Test
  void everyRouteNeedsTheRoleTheTablePromises() {
    Map<String, TokenRole> expected = new LinkedHashMap<>();
    expected.put("GET /metrics", TokenRole.READ);
    expected.put("GET /v1/jobs", TokenRole.READ);
    expected.put("HEAD /v1/jobs", TokenRole.READ);
    expected.put("GET /v1/jobs/{id}", TokenRole.READ);
    expected.put("GET /v1/tasks", TokenRole.READ);
    expected.put("GET /v1/nodes", TokenRole.READ);
    expected.put("GET /v1/cluster", TokenRole.READ);
    expected.put("GET /v1/state/digest", TokenRole.READ);
    expected.put("GET /v1/events", TokenRole.READ);
    expected.put("GET /v1/tasks/{id}/logs", TokenRole.READ);
    expected.put("GET /v1/cluster/features", TokenRole.READ);
    expected.put("GET unknown", TokenRole.READ);
    expected.put("POST /v1/jobs", TokenRole.SUBMIT);
    expected.put("DELETE /v1/jobs/{id}", TokenRole.SUBMIT);
    expected.put("GET /v1/jobs/{id}/versions", TokenRole.READ);
    expected.put("POST /v1/jobs?dryRun", TokenRole.SUBMIT);
    expected.put("POST /v1/jobs/{id}/scale", TokenRole.SUBMIT);
    expected.put("POST /v1/jobs/{id}/revert", TokenRole.SUBMIT);
    expected.put("POST /v1/jobs/{id}/restart", TokenRole.SUBMIT);
    expected.put("GET /v1/deployments", TokenRole.READ);
    expected.put("POST /v1/nodes/{id}/drain", TokenRole.OPERATOR);
    expected.put("POST /v1/nodes/{id}/undrain", TokenRole.OPERATOR);
    expected.put("POST /v1/cluster/transfer-leadership", TokenRole.OPERATOR);
    expected.put("POST /v1/cluster/members", TokenRole.OPERATOR);
    expected.put("DELETE /v1/cluster/members/{id}", TokenRole.OPERATOR);
    expected.put("GET /v1/snapshot", TokenRole.OPERATOR);
    expected.put("POST /v1/gc", TokenRole.OPERATOR);
    expected.put("POST /v1/acl/tokens", TokenRole.OPERATOR);
    expected.put("GET /v1/acl/tokens", TokenRole.OPERATOR);
    expected.put("DELETE /v1/acl/tokens/{accessor}", TokenRole.OPERATOR);
    expected.put("POST /v1/cluster/features/upgrade", TokenRole.OPERATOR);
    expected.forEach((route, r) -> {
      String[] mr = route.split(" ", 2);
      assertThat(role(mr[0], mr[1])).as(route).isEqualTo(r);
    });
  }

  @Test
  void healthIsOpenAndBootstrapIsOpenOnlyUntilItHasApplied() {
    assertThat(RouteRoles.need("GET", "/v1/health").open()).isTrue();
    assertThat(RouteRoles.need("GET", "/ui").open()).as("the web UI's files").isTrue();
    assertThat(role("DELETE", "/ui")).as("DELETE /ui answers 405").isEqualTo(TokenRole.READ);
    RouteRoles.Need boot = RouteRoles.need("POST", "/v1/acl/bootstrap");
    assertThat(boot.bootstrap()).isTrue();
    assertThat(boot.role()).as("after the bootstrap").isEqualTo(TokenRole.OPERATOR);
  }

  @Test
  void aRouteNobodyListedIsClosedToAllButOperators() {
    assertThat(role("POST", "/v1/something-new")).isEqualTo(TokenRole.OPERATOR);
  }

  @Test
  void aWrongMethodNeedsWhatTheRouteNeeds() {
    assertThat(role("PUT", "/v1/jobs")).as("PUT /v1/jobs answers 405").isEqualTo(TokenRole.READ);
    assertThat(role("GET", "/v1/gc")).as("GET /v1/gc answers 405").isEqualTo(TokenRole.OPERATOR);
  }

  @Test
  void onlyABearerHeaderCarriesAToken() {
    assertThat(Access.bearer("Bearer abc")).isEqualTo("abc");
    assertThat(Access.bearer("bearer  abc ")).isEqualTo("abc");
    assertThat(Access.bearer(null)).isNull();
    assertThat(Access.bearer("Bearer ")).isNull();
    assertThat(Access.bearer("Basic dXNlcjpwYXNz")).isNull();
    assertThat(Access.bearer("abc")).isNull();
  }
}
