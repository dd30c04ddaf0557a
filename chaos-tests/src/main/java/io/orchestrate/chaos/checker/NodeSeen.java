package io.orchestrate.chaos.checker;

/** One worker node in a {@code GET /v1/nodes} answer: READY, DRAINING or DOWN, and why when the managers say. */
public record NodeSeen(String id, String state, String reason) {}
