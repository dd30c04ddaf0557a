package io.orchestrate.chaos.checker;

/** One task in a read's answer; {@code node} is null until it is placed. */
public record TaskSeen(String id, String jobId, String name, int index, String state, String node) {}
