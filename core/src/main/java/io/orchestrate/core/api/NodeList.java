package io.orchestrate.core.api;

import java.util.List;
import java.util.Map;

/** Nodes as the API shows them; each node is an open map until workers define their fields. */
public record NodeList(List<Map<String, Object>> nodes) {}
