package io.orchestrate.chaos.checker;

/** One manager's {@code GET /v1/state/digest} answer; {@code round} groups the samples taken together. */
public record DigestSample(int round, String manager, long appliedIndex, String digest, long atNanos) {}
