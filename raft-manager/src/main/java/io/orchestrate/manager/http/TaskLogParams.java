package io.orchestrate.manager.http;

import io.orchestrate.core.api.ErrorCode;
import io.orchestrate.gateway.protocol.LogLimits;
import io.orchestrate.manager.service.ApiException;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * The query of {@code GET /v1/tasks/{id}/logs}, checked before anything is asked of a worker.
 *
 * @param follow     keep streaming new lines, across the task's in-place restarts
 * @param tail       the last N lines only, or -1 for all
 * @param stream     stdout, stderr or both
 * @param since      an ISO-8601 instant: only lines at or after it; null for all
 * @param skip       of the lines at exactly {@code since}, how many the reader already has
 * @param ndjson     one JSON object a line ({@code ts}, {@code stream}, {@code line}) and a last
 *                   {@code {"end": true}}, for readers that resume (the CLI, the web UI); else
 *                   plain text, one line of output a line
 * @param timestamps plain text only: each line begins with its instant
 */
record TaskLogParams(boolean follow, int tail, String stream, String since, int skip, boolean ndjson, boolean timestamps) {
  static final String NDJSON = "application/x-ndjson";

  static TaskLogParams of(ApiRequest r) {
    boolean follow = flag(r, "follow");
    int tail = -1;
    String t = r.param("tail");
    if (t != null && !t.isEmpty()) {
      try {
        tail = Integer.parseInt(t);
      } catch (NumberFormatException e) {
        tail = -2;
      }
      if (tail < 0 || tail > LogLimits.MAX_TAIL) {
        throw new ApiException(ErrorCode.BAD_REQUEST, "tail must be a whole number from 0 to " + LogLimits.MAX_TAIL + " (got '" + t + "')");
      }
    }
    String stream = r.param("stream");
    if (stream == null || stream.isEmpty()) stream = "both";
    if (!stream.equals("both") && !stream.equals("stdout") && !stream.equals("stderr")) {
      throw new ApiException(ErrorCode.BAD_REQUEST, "stream must be stdout, stderr or both (got '" + stream + "')");
    }
    String since = r.param("since");
    if (since != null && since.isEmpty()) since = null;
    if (since != null) {
      try {
        since = Instant.parse(since).toString();
      } catch (DateTimeParseException e) {
        throw new ApiException(ErrorCode.BAD_REQUEST, "since must be an ISO-8601 instant such as 2026-01-02T03:04:05.123456Z (got '"
            + (since.length() > 64 ? since.substring(0, 64) + "..." : since) + "')");
      }
    }
    int skip = 0;
    String s = r.param("skip");
    if (s != null && !s.isEmpty()) {
      try {
        skip = Integer.parseInt(s);
      } catch (NumberFormatException e) {
        skip = -1;
      }
      if (skip < 0) throw new ApiException(ErrorCode.BAD_REQUEST, "skip must be a whole number of lines, 0 or more (got '" + s + "')");
      if (since == null && skip > 0) throw new ApiException(ErrorCode.BAD_REQUEST, "skip counts lines at since; give since too");
    }
    String format = r.param("format");
    String accept = r.header("Accept");
    boolean ndjson;
    if (format == null || format.isEmpty()) {
      ndjson = accept != null && accept.contains(NDJSON);
    } else if (format.equals("ndjson") || format.equals("text")) {
      ndjson = format.equals("ndjson");
    } else {
      throw new ApiException(ErrorCode.BAD_REQUEST, "format must be text or ndjson (got '" + format + "')");
    }
    return new TaskLogParams(follow, tail, stream, since, skip, ndjson, flag(r, "timestamps"));
  }

  private static boolean flag(ApiRequest r, String name) {
    String v = r.param(name);
    if (v == null || v.equals("false") || v.equals("0")) return false;
    if (v.isEmpty() || v.equals("true") || v.equals("1")) return true;
    throw new ApiException(ErrorCode.BAD_REQUEST, name + " must be true or false (got '" + v + "')");
  }
}
