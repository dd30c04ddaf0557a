package io.orchestrate.manager.config;

import java.net.InetSocketAddress;

/** A {@code host:port} address as users write it. */
public record HostPort(String host, int port) {
  public HostPort {
    if (host == null || host.isBlank()) throw new IllegalArgumentException("host is required");
    if (port < 0 || port > 65535) throw new IllegalArgumentException("port must be 0..65535 (got " + port + ")");
  }

  /** Parses {@code host:port}; {@code what} names the flag or field in the error. */
  public static HostPort parse(String s, String what) {
    if (s == null) throw new IllegalArgumentException(what + " is required");
    int c = s.lastIndexOf(':');
    if (c <= 0 || c == s.length() - 1) throw new IllegalArgumentException(what + " must be HOST:PORT (got '" + s + "')");
    try {
      return new HostPort(s.substring(0, c), Integer.parseInt(s.substring(c + 1)));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(what + " has a port that is not a number (got '" + s + "')");
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(what + ": " + e.getMessage());
    }
  }

  public InetSocketAddress socketAddress() {
    return new InetSocketAddress(host, port);
  }

  public HostPort withPort(int p) {
    return new HostPort(host, p);
  }

  @Override
  public String toString() {
    return host + ":" + port;
  }
}
