package io.orchestrate.core.api;

/** A replica's state digest at an applied index; equal indices must give equal digests on every replica. */
public record DigestView(String manager, long appliedIndex, String digest) {}
