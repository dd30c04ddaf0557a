package io.orchestrate.client;

import java.nio.charset.StandardCharsets;

/** Percent-encoding for path segments and query values: a job id typed by a user must not change the path ({@code ../}, {@code ?}, {@code #}). */
final class Paths {
  private Paths() {}

  /** A path segment; "." and ".." are encoded whole so that they cannot climb the path. */
  static String segment(String value) {
    if (value.equals(".") || value.equals("..")) return value.replace(".", "%2E");
    return encode(value);
  }

  static String encode(String value) {
    StringBuilder sb = new StringBuilder();
    for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '-' || c == '_' || c == '.' || c == '~') {
        sb.append((char) c);
      } else {
        sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
      }
    }
    return sb.toString();
  }
}
