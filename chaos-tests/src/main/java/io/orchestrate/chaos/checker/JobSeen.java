package io.orchestrate.chaos.checker;

/** One job in a read's answer. */
public record JobSeen(String id, String name, boolean stopped) {}
