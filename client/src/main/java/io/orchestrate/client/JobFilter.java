package io.orchestrate.client;

/**
 * Which jobs a listing asks for, and how many per page. Null means "any" (or, for
 * {@code pageSize}, the manager's default of 1,000).
 *
 * @param status   pending, running, complete, failed or stopped
 * @param pageSize jobs per request, 1..10,000
 */
public record JobFilter(String status, Integer pageSize) {
  public JobFilter {
    if (pageSize != null && (pageSize < 1 || pageSize > Pages.MAX_PAGE_SIZE)) {
      throw new IllegalArgumentException("pageSize must be 1.." + Pages.MAX_PAGE_SIZE + ", got " + pageSize);
    }
  }

  public static JobFilter all() {
    return new JobFilter(null, null);
  }

  public JobFilter withStatus(String v) {
    return new JobFilter(v, pageSize);
  }

  public JobFilter withPageSize(Integer v) {
    return new JobFilter(status, v);
  }

  ApiRequest request() {
    ApiRequest r = ApiRequest.get("/v1/jobs");
    return status == null ? r : r.withQuery("status", status);
  }
}
