package io.orchestrate.scheduler;

/** The decision to run task {@code taskId} on node {@code nodeId}. */
public record Placement(String taskId, String nodeId) {}
