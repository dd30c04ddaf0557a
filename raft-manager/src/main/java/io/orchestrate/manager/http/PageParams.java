package io.orchestrate.manager.http;

import io.orchestrate.core.api.ErrorCode;
import io.orchestrate.core.model.TaskState;
import io.orchestrate.manager.service.ApiException;
import io.orchestrate.manager.service.Cursor;
import io.orchestrate.manager.service.JobQuery;
import io.orchestrate.manager.service.PageLimits;
import io.orchestrate.manager.service.TaskQuery;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The query parameters of the paged reads, checked before any read is made (a bad one is a 400
 * naming it), and the headers that carry a page's cursor: {@code X-Next-Cursor} with the bare
 * cursor, and {@code Link: <...>; rel="next"} with the URL of the next page (the same query with
 * {@code next} replaced). The body keeps the shape it had before paging ({@code {"tasks": [...]}}).
 */
final class PageParams {
  static final String NEXT_CURSOR_HEADER = "X-Next-Cursor";

  private PageParams() {}

  static TaskQuery tasks(ApiRequest r) {
    String state = r.param("state");
    return new TaskQuery(nonEmpty(r, "job"), nonEmpty(r, "node"), state == null ? null : taskState(state),
        r.param("next") == null ? null : Cursor.task(r.param("next"), "next"), limit(r));
  }

  static JobQuery jobs(ApiRequest r) {
    String status = r.param("status");
    if (status != null) {
      status = status.toLowerCase(Locale.ROOT);
      if (!JobQuery.STATUSES.contains(status)) {
        throw bad("status must be one of " + String.join(", ", JobQuery.STATUSES) + " (got '" + r.param("status") + "')");
      }
    }
    return new JobQuery(status, r.param("next") == null ? null : Cursor.job(r.param("next"), "next"), limit(r));
  }

  static int limit(ApiRequest r) {
    String v = r.param("limit");
    if (v == null) return PageLimits.DEFAULT_LIMIT;
    int n;
    try {
      n = Integer.parseInt(v.strip());
    } catch (NumberFormatException e) {
      n = -1;
    }
    if (n < 1 || n > PageLimits.MAX_LIMIT) {
      throw bad("limit must be an integer from 1 to " + PageLimits.MAX_LIMIT + " (got '" + v + "')");
    }
    return n;
  }

  /** A page's body, with the cursor headers when another page follows ({@code next} not null). */
  static ApiResponse respond(ApiRequest r, String path, Object body, String next) {
    ApiResponse resp = ApiResponse.json(200, body);
    if (next == null) return resp;
    return resp.withHeader(NEXT_CURSOR_HEADER, next).withHeader("Link", "<" + nextUrl(r, path, next) + ">; rel=\"next\"");
  }

  /** {@code path} with the request's own parameters, {@code next} set to the new cursor. */
  static String nextUrl(ApiRequest r, String path, String next) {
    StringBuilder sb = new StringBuilder(path).append('?');
    r.query().forEach((name, values) -> {
      if (name.equals("next")) return;
      for (String v : values) sb.append(enc(name)).append('=').append(enc(v)).append('&');
    });
    return sb.append("next=").append(enc(next)).toString();
  }

  private static TaskState taskState(String v) {
    try {
      return TaskState.valueOf(v.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw bad("state must be one of " + String.join(", ", names()) + " (got '" + v + "')");
    }
  }

  private static List<String> names() {
    return Arrays.stream(TaskState.values()).map(Enum::name).toList();
  }

  private static String nonEmpty(ApiRequest r, String name) {
    String v = r.param(name);
    if (v != null && v.isBlank()) throw bad(name + " must not be empty");
    return v;
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static ApiException bad(String message) {
    return new ApiException(ErrorCode.BAD_REQUEST, message);
  }
}
