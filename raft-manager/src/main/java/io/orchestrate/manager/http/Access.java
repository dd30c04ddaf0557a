package io.orchestrate.manager.http;

import io.orchestrate.core.api.ErrorCode;
import io.orchestrate.core.model.ApiToken;
import io.orchestrate.manager.service.AclService;

/**
 * Decides, before a route runs, whether the request's token may use it ({@link RouteRoles}). A
 * follower decides from its own replicated copy of the tokens, before any redirect, so a request
 * without a valid token learns nothing, not even who leads. The check is one SHA-256 and one map
 * lookup; the token itself is never logged nor quoted back.
 */
final class Access {
  private static final String BEARER = "bearer ";

  private final AclService acl;

  Access(AclService acl) {
    this.acl = acl;
  }

  /** The answer that refuses {@code req}, or null when it may go on to its route. */
  ApiResponse refusal(ApiRequest req, ApiRoutes.Route route) {
    if (!acl.enforced()) return null;
    RouteRoles.Need need = RouteRoles.need(req.method(), route.name());
    if (need.open() || (need.bootstrap() && !acl.bootstrapped())) return null;
    String secret = bearer(req.header("Authorization"));
    if (secret == null) {
      return unauthenticated("this request needs an API token: send Authorization: Bearer TOKEN"
          + " (the CLI's --token or $ORCHESTRATE_TOKEN)");
    }
    ApiToken token = acl.authenticate(secret);
    if (token == null) return unauthenticated("the API token is not valid on this cluster (unknown or revoked)");
    if (!token.role().includes(need.role())) {
      return ApiResponse.error(ErrorCode.FORBIDDEN, req.method() + " " + route.name() + " needs role " + need.role()
          + "; the token has role " + token.role());
    }
    return null;
  }

  /** The secret of an {@code Authorization: Bearer SECRET} header, or null for any other form. */
  static String bearer(String header) {
    if (header == null || header.length() <= BEARER.length() || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) return null;
    String secret = header.substring(BEARER.length()).strip();
    return secret.isEmpty() ? null : secret;
  }

  private static ApiResponse unauthenticated(String message) {
    return ApiResponse.error(ErrorCode.UNAUTHENTICATED, message).withHeader("WWW-Authenticate", "Bearer");
  }
}
