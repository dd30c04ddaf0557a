package io.orchestrate.core.api;

import java.util.List;

/** {@code GET /v1/acl/tokens}: every live token, ordered by accessor. */
public record TokenList(List<TokenView> tokens) {
  public TokenList {
    tokens = tokens == null ? List.of() : List.copyOf(tokens);
  }
}
