package io.orchestrate.cli.server;

import io.orchestrate.security.TlsContexts;
import io.orchestrate.security.TlsFiles;
import io.orchestrate.security.TlsMaterial;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The two requests {@code dev} and {@code demo} show being refused, sent with the JDK's own client
 * rather than orchestrate's, so that nothing of the client's own handling (retries, redirects,
 * the token it would add) stands between the request and the answer.
 */
final class DemoProbes {
  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  private DemoProbes() {}

  /** {@code GET http://API/v1/health}: "refused (...)" when the manager will not speak plain HTTP, else the status it answered. */
  static String plainHttp(String api) throws InterruptedException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    try {
      HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create("http://" + api + "/v1/health")).timeout(TIMEOUT).build(),
          HttpResponse.BodyHandlers.discarding());
      return "answered HTTP " + r.statusCode();
    } catch (IOException e) {
      return "refused (" + e.getClass().getSimpleName() + ")";
    }
  }

  /** The status of {@code GET https://API/v1/nodes} with {@code client}'s certificate and no token. */
  static int withoutToken(String api, TlsFiles client) throws InterruptedException {
    HttpClient https = HttpClient.newBuilder().connectTimeout(TIMEOUT).sslContext(TlsContexts.jdkClient(TlsMaterial.load(client))).build();
    try {
      return https.send(HttpRequest.newBuilder(URI.create("https://" + api + "/v1/nodes")).timeout(TIMEOUT).build(),
          HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      throw new IllegalStateException("HTTPS to " + api + " failed: " + e.getMessage(), e);
    }
  }
}
