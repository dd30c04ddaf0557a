package io.orchestrate.manager.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.orchestrate.core.api.ErrorCode;
import io.orchestrate.manager.service.AclService;
import io.orchestrate.manager.service.ApiException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The token routes: {@code POST /v1/acl/bootstrap}, {@code POST /v1/acl/tokens} ({@code {"role",
 * "name"}}), {@code GET /v1/acl/tokens} and {@code DELETE /v1/acl/tokens/{accessor}}. Who may call
 * them is {@link RouteRoles}'s business; {@link #match} answers null for any other path.
 */
final class AclRoutes {
  private final AclService acl;

  AclRoutes(AclService acl) {
    this.acl = acl;
  }

  ApiRoutes.Route match(ApiRequest r) {
    List<String> s = r.segments();
    String m = r.method();
    if (s.size() < 3 || !s.get(0).equals("v1") || !s.get(1).equals("acl")) return null;
    if (s.size() == 3 && s.get(2).equals("bootstrap")) {
      return ApiRoutes.only(m, "POST", RouteRoles.BOOTSTRAP_ROUTE, () -> acl.bootstrap().thenApply(v -> ApiResponse.json(201, v)));
    }
    if (s.size() == 3 && s.get(2).equals("tokens")) {
      if (m.equals("POST")) return new ApiRoutes.Route("/v1/acl/tokens", () -> create(r));
      return ApiRoutes.only(m, "GET", "/v1/acl/tokens", () -> acl.list(r.stale()).thenApply(v -> ApiResponse.json(200, v)));
    }
    if (s.size() == 4 && s.get(2).equals("tokens")) {
      return ApiRoutes.only(m, "DELETE", "/v1/acl/tokens/{accessor}",
          () -> acl.revoke(s.get(3)).thenApply(v -> ApiResponse.json(200, Map.of("revoked", s.get(3)))));
    }
    return null;
  }

  private CompletableFuture<ApiResponse> create(ApiRequest r) {
    JsonNode n = JsonBodies.object(r, "{\"role\": \"read\", \"name\": \"dashboards\"}");
    return acl.create(text(n, "role"), text(n, "name")).thenApply(v -> ApiResponse.json(201, v));
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || v.isNull()) return null;
    if (!v.isTextual()) throw new ApiException(ErrorCode.BAD_REQUEST, field + " must be a string");
    return v.asText();
  }
}
