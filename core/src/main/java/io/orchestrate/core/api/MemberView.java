package io.orchestrate.core.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One manager in {@code GET /v1/cluster}.
 *
 * @param role         LEADER, FOLLOWER, CANDIDATE, or UNKNOWN when this manager cannot tell
 * @param appliedIndex the last log index applied by that manager, when known (-1 otherwise)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MemberView(String id, String raftAddress, String apiAddress, String gatewayAddress, String role, long appliedIndex) {}
