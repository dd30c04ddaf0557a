package io.orchestrate.core.api;

import io.orchestrate.core.model.TokenRole;

/** One token as {@code GET /v1/acl/tokens} lists it: never its secret, nor the secret's hash. */
public record TokenView(String accessor, String name, TokenRole role, long createdAtMillis) {}
