package io.orchestrate.client;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * Parses a manager's API address as a user types it ({@code host:port}, {@code [::1]:8080},
 * {@code http://host:port} or {@code https://host:port}) into a base URI. A bare {@code host:port}
 * gets the scheme the client speaks: https when it has TLS settings, http otherwise.
 */
public final class ManagerAddress {
  private ManagerAddress() {}

  /** @throws IllegalArgumentException naming the address and what is wrong with it */
  public static URI parse(String address) {
    return parse(address, false);
  }

  /** As {@link #parse(String)}, for a client that speaks TLS ({@code https}) or not; the other scheme is refused. */
  public static URI parse(String address, boolean tls) {
    if (address == null || address.isBlank()) throw new IllegalArgumentException("manager address is empty");
    String a = address.strip();
    String scheme = tls ? "https" : "http";
    String withScheme = a.contains("://") ? a : scheme + "://" + a;
    URI uri;
    try {
      uri = new URI(withScheme);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("manager address '" + address + "' is not host:port");
    }
    if (!scheme.equals(uri.getScheme())) {
      throw new IllegalArgumentException("manager address '" + address + "': " + (tls
          ? "with TLS (--ca, --cert, --key) the address is https://HOST:PORT or HOST:PORT"
          : "only http is supported without TLS; give --ca, --cert and --key for https"));
    }
    if (uri.getHost() == null) throw new IllegalArgumentException("manager address '" + address + "' has no host (expected host:port)");
    if (uri.getPort() < 1 || uri.getPort() > 65535) {
      throw new IllegalArgumentException("manager address '" + address + "' needs a port between 1 and 65535 (expected host:port)");
    }
    String path = uri.getRawPath();
    if ((path != null && !path.isEmpty() && !path.equals("/")) || uri.getRawQuery() != null) {
      throw new IllegalArgumentException("manager address '" + address + "' must not have a path");
    }
    return base(uri);
  }

  /** {@code http(s)://host:port} of any URI on a manager. */
  public static URI base(URI uri) {
    return URI.create(uri.getScheme() + "://" + uri.getRawAuthority());
  }

  /** How an address is shown to users: {@code host:port}. */
  public static String display(URI base) {
    return base.getRawAuthority();
  }
}
