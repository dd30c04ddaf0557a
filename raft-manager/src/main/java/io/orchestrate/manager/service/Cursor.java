package io.orchestrate.manager.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.orchestrate.core.api.ErrorCode;
import io.orchestrate.core.codec.Json;
import io.orchestrate.manager.state.JobKey;
import io.orchestrate.manager.state.TaskKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * The {@code next} cursor of the paged reads: the last key of a page, as URL-safe base64 of a small
 * JSON array tagged with what it lists ({@code t1} tasks, {@code j1} jobs; the digit is the format's
 * version). Clients treat it as opaque. It names a position in an order of immutable keys rather than
 * an offset, so it stays valid while records are added, and on every manager (the order is a
 * function of the replicated state).
 */
public final class Cursor {
  static final String TASKS = "t1";
  static final String JOBS = "j1";

  private Cursor() {}

  public static String of(TaskKey k) {
    return encode(List.of(TASKS, k.jobId(), k.group(), k.index(), k.createdAtMillis(), k.id()));
  }

  public static String of(JobKey k) {
    return encode(List.of(JOBS, k.createdAtMillis(), k.id()));
  }

  /** @throws ApiException 400 naming {@code param} when the token is not a task cursor made here */
  public static TaskKey task(String token, String param) {
    JsonNode a = decode(token, param, TASKS, 6);
    if (!a.get(1).isTextual() || !a.get(2).isTextual() || !a.get(3).isInt() || !a.get(4).isIntegralNumber() || !a.get(5).isTextual()) {
      throw bad(param, "is not a task cursor");
    }
    return new TaskKey(a.get(1).asText(), a.get(2).asText(), a.get(3).asInt(), a.get(4).asLong(), a.get(5).asText());
  }

  /** @throws ApiException 400 naming {@code param} when the token is not a job cursor made here */
  public static JobKey job(String token, String param) {
    JsonNode a = decode(token, param, JOBS, 3);
    if (!a.get(1).isIntegralNumber() || !a.get(2).isTextual()) throw bad(param, "is not a job cursor");
    return new JobKey(a.get(1).asLong(), a.get(2).asText());
  }

  private static String encode(List<Object> fields) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(Json.bytes(fields));
  }

  private static JsonNode decode(String token, String param, String tag, int size) {
    if (token.isEmpty() || token.length() > PageLimits.MAX_CURSOR_CHARS) throw bad(param, "is not a cursor this API gave out");
    JsonNode a;
    try {
      a = Json.strict().readTree(Base64.getUrlDecoder().decode(token.getBytes(StandardCharsets.US_ASCII)));
    } catch (IllegalArgumentException | IOException e) {
      throw bad(param, "is not a cursor this API gave out");
    }
    if (a == null || !a.isArray() || a.isEmpty() || !a.get(0).isTextual()) throw bad(param, "is not a cursor this API gave out");
    String kind = a.get(0).asText();
    if (kind.equals(JOBS) && tag.equals(TASKS)) throw bad(param, "is a cursor of /v1/jobs, not of /v1/tasks");
    if (kind.equals(TASKS) && tag.equals(JOBS)) throw bad(param, "is a cursor of /v1/tasks, not of /v1/jobs");
    if (!kind.equals(tag) || a.size() != size) throw bad(param, "is not a cursor this API gave out");
    return a;
  }

  private static ApiException bad(String param, String what) {
    return new ApiException(ErrorCode.BAD_REQUEST, param + " " + what + "; pass the X-Next-Cursor of the previous page unchanged");
  }
}
