package io.orchestrate.testing.docker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The probe against a fake engine on a unix socket, so that its verdicts are tested without Docker. */
class DockerProbeTest {
  private ServerSocketChannel server;
  private Thread acceptor;
  private Path socket;

  /** Serves each connection with {@code answer(requestLine)}; a null answer means never reply. */
  private String fakeEngine(Function<String, String> answer) throws IOException {
    socket = Files.createTempDirectory("probe").resolve("d.sock");
    server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    server.bind(UnixDomainSocketAddress.of(socket));
    acceptor = new Thread(() -> {
      while (server.isOpen()) {
        try (SocketChannel c = server.accept()) {
          ByteBuffer in = ByteBuffer.allocate(4096);
          c.read(in);
          String request = new String(in.array(), 0, in.position(), StandardCharsets.US_ASCII);
          String reply = answer.apply(request.substring(0, request.indexOf("\r\n")));
          if (reply == null) {
            c.read(ByteBuffer.allocate(1)); // hold the connection open until the client gives up
            continue;
          }
          c.write(ByteBuffer.wrap(reply.getBytes(StandardCharsets.US_ASCII)));
        } catch (IOException e) {
          return;
        }
      }
    }, "fake-engine");
    acceptor.setDaemon(true);
    acceptor.start();
    return "unix://" + socket;
  }

  @AfterEach
  void stop() throws Exception {
    if (server != null) server.close();
    if (acceptor != null) acceptor.join(5_000);
    if (socket != null) Files.deleteIfExists(socket);
  }

  @Test
  void anEngineThatAnswersAndHasTheImageHasNoProblem() throws Exception {
    DockerProbe probe = new DockerProbe(fakeEngine(line -> line.startsWith("GET /images/local/busybox:1/json ")
        || line.startsWith("GET /_ping ") ? "HTTP/1.0 200 OK\r\n\r\nOK" : "HTTP/1.0 404 Not Found\r\n\r\n"), Duration.ofSeconds(2));

    assertThat(probe.pingProblem()).isNull();
    assertThat(probe.imageProblem("local/busybox:1")).isNull();
    assertThat(probe.imageProblem("local/nope:0")).isEqualTo("HTTP 404 for GET /images/local/nope:0/json");
  }

  @Test
  void aMissingSocketIsAProblem() {
    DockerProbe probe = new DockerProbe("unix:///nonexistent/docker.sock", Duration.ofSeconds(2));
    assertThat(probe.pingProblem()).contains("No such file");
  }

  @Test
  void anEngineThatNeverAnswersIsAProblemAfterTheTimeout() throws Exception {
    DockerProbe probe = new DockerProbe(fakeEngine(line -> null), Duration.ofMillis(300));

    long t0 = System.nanoTime();
    assertThat(probe.pingProblem()).contains("no answer within 300 ms");
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
  }
}
