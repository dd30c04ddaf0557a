package io.orchestrate.client;

/**
 * Which tasks a listing asks for, and how many per page. Null means "any" (or, for
 * {@code pageSize}, the manager's default of 1,000).
 *
 * @param job      a job id or name
 * @param node     tasks placed on this node, in any state
 * @param state    a task state, any case ({@code running}, {@code PENDING}, ...)
 * @param pageSize tasks per request, 1..10,000
 */
public record TaskFilter(String job, String node, String state, Integer pageSize) {
  public TaskFilter {
    if (pageSize != null && (pageSize < 1 || pageSize > Pages.MAX_PAGE_SIZE)) {
      throw new IllegalArgumentException("pageSize must be 1.." + Pages.MAX_PAGE_SIZE + ", got " + pageSize);
    }
  }

  public static TaskFilter all() {
    return new TaskFilter(null, null, null, null);
  }

  public TaskFilter withJob(String v) {
    return new TaskFilter(v, node, state, pageSize);
  }

  public TaskFilter withNode(String v) {
    return new TaskFilter(job, v, state, pageSize);
  }

  public TaskFilter withState(String v) {
    return new TaskFilter(job, node, v, pageSize);
  }

  public TaskFilter withPageSize(Integer v) {
    return new TaskFilter(job, node, state, v);
  }

  ApiRequest request() {
    ApiRequest r = ApiRequest.get("/v1/tasks");
    if (job != null) r = r.withQuery("job", job);
    if (node != null) r = r.withQuery("node", node);
    if (state != null) r = r.withQuery("state", state);
    return r;
  }
}
