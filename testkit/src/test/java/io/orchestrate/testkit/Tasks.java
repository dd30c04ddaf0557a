package io.orchestrate.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads of tasks through the API, for end-to-end tests. */
final class Tasks {
  private Tasks() {}

  /** Every task of the job, following the listing's cursor from page to page. */
  static List<JsonNode> of(MiniCluster c, String jobId) {
    List<JsonNode> out = new ArrayList<>();
    String next = null;
    do {
      String path = "/v1/tasks?job=" + jobId + (next == null ? "" : "&next=" + java.net.URLEncoder.encode(next, java.nio.charset.StandardCharsets.UTF_8));
      HttpApi.Reply r = c.http().get(c.leader().apiAddress().toString(), path);
      r.json().path("tasks").forEach(out::add);
      next = r.header("X-Next-Cursor");
    } while (next != null);
    return out;
  }

  static boolean allIn(MiniCluster c, String jobId, String state) {
    List<JsonNode> ts = of(c, jobId);
    return !ts.isEmpty() && ts.stream().allMatch(t -> t.path("state").asText().equals(state));
  }

  /** task id → "container id / restarts / node", the identity of each running copy. */
  static Map<String, String> identities(MiniCluster c, String jobId) {
    Map<String, String> out = new LinkedHashMap<>();
    for (JsonNode t : of(c, jobId)) {
      out.put(t.path("id").asText(), t.path("containerId").asText() + " / " + t.path("restarts").asInt() + " / " + t.path("node").asText());
    }
    return out;
  }

  static String submit(MiniCluster c, String yaml) {
    HttpApi.Reply r = c.submit(yaml.getBytes(java.nio.charset.StandardCharsets.UTF_8), null);
    if (r.status() != 201) throw new AssertionError("submit failed: " + r.status() + " " + r.text());
    return r.json().path("id").asText();
  }
}
