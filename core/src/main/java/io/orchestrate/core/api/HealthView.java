package io.orchestrate.core.api;

/** {@code GET /v1/health}: this manager's own view, answered without a quorum. */
public record HealthView(String status, String id, String role, String leader, long term, long appliedIndex) {}
