package io.orchestrate.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A plain TCP connection for tests that must send exactly the bytes a misbehaving client would:
 * half a request, a body a byte at a time, several requests in one write. Reads HTTP/1.1 answers
 * with a Content-Length, which is all the API sends.
 */
final class RawSocket implements AutoCloseable {
  /** One HTTP answer. */
  record Response(int status, Map<String, String> headers, String body) {}

  private final Socket socket;
  private final InputStream in;
  private boolean closedByPeer;

  private RawSocket(Socket socket) throws IOException {
    this.socket = socket;
    this.in = socket.getInputStream();
  }

  static RawSocket open(String hostPort) {
    return open(hostPort, 0);
  }

  /** With a receive buffer of about {@code receiveBufferBytes} (0: the system's), so that a client that does not read fills it soon. */
  static RawSocket open(String hostPort, int receiveBufferBytes) {
    return open(hostPort, receiveBufferBytes, null);
  }

  /** From {@code localHost} (another loopback address such as 127.0.0.2 is another client), or any if null. */
  static RawSocket open(String hostPort, int receiveBufferBytes, String localHost) {
    int colon = hostPort.lastIndexOf(':');
    try {
      Socket s = new Socket();
      if (receiveBufferBytes > 0) s.setReceiveBufferSize(receiveBufferBytes);
      if (localHost != null) s.bind(new java.net.InetSocketAddress(localHost, 0));
      s.connect(new java.net.InetSocketAddress(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1))));
      s.setTcpNoDelay(true);
      return new RawSocket(s);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  RawSocket send(String ascii) {
    return send(ascii.getBytes(StandardCharsets.UTF_8));
  }

  RawSocket send(byte[] bytes) {
    try {
      socket.getOutputStream().write(bytes);
      socket.getOutputStream().flush();
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Sends one byte; false if the peer has closed the connection. */
  boolean trySend(int b) {
    try {
      socket.getOutputStream().write(b);
      socket.getOutputStream().flush();
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** Reads one answer, waiting at most {@code timeout} for each read. */
  Response read(Duration timeout) {
    try {
      socket.setSoTimeout((int) timeout.toMillis());
      String statusLine = line();
      if (statusLine == null) throw new IllegalStateException("connection closed before an answer");
      int status = Integer.parseInt(statusLine.split(" ")[1]);
      Map<String, String> headers = new LinkedHashMap<>();
      for (String l = line(); l != null && !l.isEmpty(); l = line()) {
        int colon = l.indexOf(':');
        headers.put(l.substring(0, colon).trim().toLowerCase(Locale.ROOT), l.substring(colon + 1).trim());
      }
      int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
      byte[] body = in.readNBytes(length);
      return new Response(status, headers, new String(body, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private String line() throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    for (int c = in.read(); c != '\n'; c = in.read()) {
      if (c < 0) return b.size() == 0 ? null : b.toString(StandardCharsets.US_ASCII);
      if (c != '\r') b.write(c);
    }
    return b.toString(StandardCharsets.US_ASCII);
  }

  /** Whatever arrives within {@code wait} (a streamed answer's bytes, say), until the peer closes. */
  String readFor(Duration wait) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    long end = System.nanoTime() + wait.toNanos();
    byte[] buf = new byte[8192];
    try {
      while (System.nanoTime() < end) {
        socket.setSoTimeout((int) Math.max(1, (end - System.nanoTime()) / 1_000_000));
        int n = in.read(buf);
        if (n < 0) {
          closedByPeer = true;
          break;
        }
        out.write(buf, 0, n);
      }
    } catch (SocketTimeoutException e) {
      // the wait is over
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  /**
   * Whether the peer closed the connection within {@code wait}; whatever it sent before closing
   * (a 408, say) is read and dropped. Once closed, stays closed.
   */
  boolean closedWithin(Duration wait) {
    if (closedByPeer) return true;
    long end = System.nanoTime() + wait.toNanos();
    try {
      while (true) {
        long left = Math.max(1, (end - System.nanoTime()) / 1_000_000);
        socket.setSoTimeout((int) left);
        if (in.read() < 0) return closedByPeer = true;
        if (System.nanoTime() >= end) return false;
      }
    } catch (SocketTimeoutException e) {
      return false;
    } catch (SocketException e) {
      // A reset is a close too.
      return closedByPeer = true;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException e) {
      // nothing left to do
    }
  }
}
