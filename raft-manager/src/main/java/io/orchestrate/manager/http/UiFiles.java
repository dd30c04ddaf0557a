package io.orchestrate.manager.http;

import io.orchestrate.core.api.ErrorCode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The web UI's static files, served at {@code GET /ui} and {@code GET /ui/NAME}. The files are
 * listed in {@code files.txt} beside them on the class path and read once, at start-up, into
 * memory; a request is answered by an exact lookup of its path in that map. No request path ever
 * reaches a file system or class-path lookup, so {@code ..}, encoded slashes or absolute paths
 * cannot name anything outside the list: they are simply not in the map (404).
 *
 * <p>Files are not fingerprinted, so they are served with {@code Cache-Control: no-cache} and a
 * strong ETag: a browser revalidates each load (a 304 costs a round trip and no body), and an
 * upgraded manager's new files are taken at once.
 */
final class UiFiles {
  static final String ROUTE = "/ui";
  static final String BASE = "/io/orchestrate/ui/";
  /** One file's bound and the whole set's: the UI is a few small modules, not an application bundle. */
  static final int MAX_FILE_BYTES = 256 * 1024;
  static final int MAX_TOTAL_BYTES = 1024 * 1024;
  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]*\\.(html|js|css|svg)");
  private static final Map<String, String> TYPES = Map.of(
      "html", "text/html; charset=utf-8",
      "js", "text/javascript; charset=utf-8",
      "css", "text/css; charset=utf-8",
      "svg", "image/svg+xml");
  /**
   * The page talks to its own origin and, to follow the leader, to the other managers' API
   * addresses (which {@link Cors} allows); it loads nothing else and may not be framed.
   */
  static final String CSP = "default-src 'self'; connect-src 'self' http: https:; img-src 'self' data:;"
      + " style-src 'self'; script-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

  record File(byte[] body, String type, String etag) {}

  private final Map<String, File> files;

  private UiFiles(Map<String, File> files) {
    this.files = files;
  }

  /** The files bundled in this build; a missing or oversized file is a build error, found at start. */
  static UiFiles bundled() {
    return load(BASE, UiFiles.class, MAX_FILE_BYTES, MAX_TOTAL_BYTES);
  }

  static UiFiles load(String base, Class<?> loader, int maxFileBytes, int maxTotalBytes) {
    List<String> names = new String(read(loader, base + "files.txt", maxFileBytes), StandardCharsets.UTF_8)
        .lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
    Map<String, File> files = new LinkedHashMap<>();
    long total = 0;
    for (String name : names) {
      if (!NAME.matcher(name).matches()) throw new IllegalStateException("UI file name '" + name + "' in files.txt is not a plain file name");
      byte[] body = read(loader, base + name, maxFileBytes);
      total += body.length;
      if (total > maxTotalBytes) throw new IllegalStateException("UI files exceed " + maxTotalBytes + " bytes in all at " + name);
      String ext = name.substring(name.lastIndexOf('.') + 1);
      files.put(name, new File(body, TYPES.get(ext), etag(body)));
    }
    if (!files.containsKey("index.html")) throw new IllegalStateException("UI files have no index.html");
    return new UiFiles(Map.copyOf(files));
  }

  /** Answers {@code GET /ui/...} given the path segments after {@code ui}; HEAD is answered by the handler. */
  ApiResponse answer(ApiRequest r, List<String> rest) {
    String name = rest.isEmpty() ? "index.html" : rest.size() == 1 ? rest.get(0) : null;
    File f = name == null ? null : files.get(name);
    if (f == null) return ApiResponse.error(ErrorCode.NOT_FOUND, "no such UI file: " + r.uri());
    if (f.etag().equals(r.header("If-None-Match"))) {
      return headers(new ApiResponse(304, new byte[0], f.type(), Map.of()), f);
    }
    return headers(new ApiResponse(200, f.body(), f.type(), Map.of()), f);
  }

  int count() {
    return files.size();
  }

  private static ApiResponse headers(ApiResponse resp, File f) {
    return resp.withHeader("ETag", f.etag())
        .withHeader("Cache-Control", "no-cache")
        .withHeader("X-Content-Type-Options", "nosniff")
        .withHeader("Referrer-Policy", "no-referrer")
        .withHeader("Content-Security-Policy", CSP);
  }

  private static byte[] read(Class<?> loader, String path, int max) {
    try (InputStream in = loader.getResourceAsStream(path)) {
      if (in == null) throw new IllegalStateException("UI file " + path + " is missing from the class path");
      byte[] b = in.readNBytes(max + 1);
      if (b.length > max) throw new IllegalStateException("UI file " + path + " is larger than " + max + " bytes");
      return b;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String etag(byte[] body) {
    try {
      byte[] h = MessageDigest.getInstance("SHA-256").digest(body);
      return "\"" + HexFormat.of().formatHex(h, 0, 16) + "\"";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
