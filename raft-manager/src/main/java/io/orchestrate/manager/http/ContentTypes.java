package io.orchestrate.manager.http;

import io.orchestrate.core.api.ErrorCode;
import java.util.Locale;
import java.util.Set;

/**
 * Which bodies a route reads. Every body is JSON, except that a job file may also be YAML. A body
 * that says it is something else (a form from {@code curl -d}, plain text) is refused with 415
 * before anything reads it. A body without a Content-Type is read as the route reads bodies:
 * scripts and older clients that leave it out keep working, and nothing that says it is another
 * type slips through.
 */
final class ContentTypes {
  static final String JSON = "application/json";
  static final String YAML = "application/yaml";
  private static final Set<String> YAML_TYPES = Set.of(YAML, "application/x-yaml", "text/yaml", "text/x-yaml");

  private ContentTypes() {}

  /** Null when {@code r}'s body may be read by a route that takes YAML too ({@code yamlToo}) or JSON only; else the 415. */
  static ApiResponse refusal(ApiRequest r, boolean yamlToo) {
    if (r.body().length == 0) return null;
    String header = r.header("Content-Type");
    if (header == null || header.isBlank()) return null;
    String type = mediaType(header);
    if (type.equals(JSON) || type.endsWith("+json")) return null;
    if (yamlToo && YAML_TYPES.contains(type)) return null;
    String expected = yamlToo ? JSON + " or " + YAML : JSON;
    return ApiResponse.error(ErrorCode.UNSUPPORTED_MEDIA_TYPE,
        "Content-Type " + type + " is not accepted here; send the body as " + expected);
  }

  /** {@code Application/JSON; charset=utf-8} → {@code application/json}. */
  static String mediaType(String header) {
    int semi = header.indexOf(';');
    return (semi < 0 ? header : header.substring(0, semi)).strip().toLowerCase(Locale.ROOT);
  }
}
