package io.orchestrate.core.api;

import io.orchestrate.core.model.TokenRole;

/**
 * The answer to {@code POST /v1/acl/bootstrap} and {@code POST /v1/acl/tokens}: the only time a
 * token's secret is ever shown. The managers keep its hash only and cannot show it again.
 */
public record NewTokenView(String accessor, String secret, TokenRole role, String name) {
  /** Without the secret: a record's usual string would put it in whatever logs this. */
  @Override
  public String toString() {
    return "NewTokenView[accessor=" + accessor + ", secret=<redacted>, role=" + role + ", name=" + name + "]";
  }
}
