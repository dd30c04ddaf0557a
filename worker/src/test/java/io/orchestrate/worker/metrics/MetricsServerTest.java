package io.orchestrate.worker.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MetricsServerTest {
  private final HttpClient http = HttpClient.newHttpClient();

  private HttpResponse<String> get(MetricsServer s, String path) throws Exception {
    URI uri = URI.create("http://127.0.0.1:" + s.address().getPort() + path);
    return http.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void servesMetricsAndTheCopyJournalReadOnly() throws Exception {
    try (MetricsServer s = new MetricsServer(new InetSocketAddress("127.0.0.1", 0), () -> "m 1\n",
        () -> "{\"copies\":[]}".getBytes(StandardCharsets.UTF_8))) {
      assertThat(get(s, "/metrics").body()).isEqualTo("m 1\n");
      HttpResponse<String> copies = get(s, MetricsServer.COPIES_PATH);
      assertThat(copies.statusCode()).isEqualTo(200);
      assertThat(copies.headers().firstValue("Content-Type")).hasValue("application/json");
      assertThat(copies.body()).isEqualTo("{\"copies\":[]}");
      URI uri = URI.create("http://127.0.0.1:" + s.address().getPort() + MetricsServer.COPIES_PATH);
      HttpResponse<String> post = http.send(HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofString("x")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(post.statusCode()).isEqualTo(405);
    }
  }

  @Test
  void withoutAJournalOnlyMetricsAreServed() throws Exception {
    try (MetricsServer s = new MetricsServer(new InetSocketAddress("127.0.0.1", 0), () -> "m 1\n")) {
      assertThat(get(s, MetricsServer.COPIES_PATH).statusCode()).isEqualTo(404);
    }
  }
}
