package io.orchestrate.core.model;

/** The addresses one manager publishes through the replicated state, so that any manager can name the leader's. */
public record ManagerInfo(String id, String raftAddress, String apiAddress, String gatewayAddress) {}
