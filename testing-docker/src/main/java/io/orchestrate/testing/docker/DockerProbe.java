package io.orchestrate.testing.docker;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Asks a Docker engine two questions over its API socket with nothing but the JDK, so that any
 * module's tests can use it without a Docker client library: does the engine answer
 * ({@code GET /_ping}), and does it have an image ({@code GET /images/NAME/json}). Every request is
 * bounded by the timeout given at construction; a hung engine counts as absent.
 */
final class DockerProbe {
  private static final int MAX_RESPONSE_BYTES = 1 << 20;

  private final String dockerHost;
  private final Duration timeout;

  DockerProbe(String dockerHost, Duration timeout) {
    this.dockerHost = dockerHost;
    this.timeout = timeout;
  }

  /** The engine named by DOCKER_HOST, or the default unix socket. */
  static DockerProbe fromEnvironment(Duration timeout) {
    String host = System.getenv("DOCKER_HOST");
    return new DockerProbe(host == null || host.isBlank() ? "unix:///var/run/docker.sock" : host, timeout);
  }

  String target() {
    return dockerHost;
  }

  /** Null when the engine answers the ping; otherwise why not. */
  String pingProblem() {
    return problemFor("/_ping");
  }

  /** Null when the engine has the image; otherwise why not. */
  String imageProblem(String image) {
    return problemFor("/images/" + image + "/json");
  }

  private String problemFor(String path) {
    try {
      int status = statusOf(path);
      return status == 200 ? null : "HTTP " + status + " for GET " + path;
    } catch (IOException | RuntimeException e) {
      return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }
  }

  private int statusOf(String path) throws IOException {
    SocketChannel channel = open();
    // Blocking channels have no read timeout; the request runs aside and closing the channel on
    // timeout unblocks it.
    CompletableFuture<Integer> call = CompletableFuture.supplyAsync(() -> exchange(channel, path));
    try {
      return call.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new IOException("no answer within " + timeout.toMillis() + " ms");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      throw cause instanceof RuntimeException r && r.getCause() instanceof IOException io ? io : new IOException(cause);
    } finally {
      channel.close();
    }
  }

  private SocketChannel open() throws IOException {
    URI uri = URI.create(dockerHost);
    SocketAddress address;
    SocketChannel channel;
    switch (uri.getScheme()) {
      case "unix" -> {
        address = UnixDomainSocketAddress.of(uri.getPath());
        channel = SocketChannel.open(StandardProtocolFamily.UNIX);
      }
      case "tcp", "http" -> {
        address = new InetSocketAddress(uri.getHost(), uri.getPort() < 0 ? 2375 : uri.getPort());
        channel = SocketChannel.open();
      }
      default -> throw new IOException("unsupported DOCKER_HOST scheme in " + dockerHost);
    }
    try {
      channel.connect(address);
      return channel;
    } catch (IOException e) {
      channel.close();
      throw e;
    }
  }

  private static int exchange(SocketChannel channel, String path) {
    try {
      // HTTP/1.0: the engine closes the connection after the response, so EOF ends the read.
      String request = "GET " + path + " HTTP/1.0\r\nHost: docker\r\n\r\n";
      ByteBuffer out = ByteBuffer.wrap(request.getBytes(StandardCharsets.US_ASCII));
      while (out.hasRemaining()) channel.write(out);
      ByteArrayOutputStream response = new ByteArrayOutputStream();
      ByteBuffer in = ByteBuffer.allocate(8192);
      while (response.size() < MAX_RESPONSE_BYTES && channel.read(in) >= 0) {
        response.write(in.array(), 0, in.position());
        in.clear();
        if (response.toString(StandardCharsets.US_ASCII).contains("\r\n")) break;
      }
      String text = response.toString(StandardCharsets.US_ASCII);
      int eol = text.indexOf("\r\n");
      if (eol < 0) throw new IOException("no HTTP status line from the engine");
      String[] parts = text.substring(0, eol).split(" ", 3);
      if (parts.length < 2 || !parts[0].startsWith("HTTP/")) throw new IOException("bad HTTP status line: " + text.substring(0, eol));
      return Integer.parseInt(parts[1]);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
