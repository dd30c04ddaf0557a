package io.orchestrate.core.api;

import java.util.List;

/** {@code GET /v1/cluster}: who leads, in which term, and every member as the answering manager sees it. */
public record ClusterView(String leader, long term, String answeredBy, List<MemberView> members) {}
