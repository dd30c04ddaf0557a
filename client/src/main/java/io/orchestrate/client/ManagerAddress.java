package io.orchestrate.client;

import java.net.URI;
import java.net.URISyntaxException;

/** Parses a manager's API address as a user types it ({@code host:port}, {@code [::1]:8080} or {@code http://host:port}) into a base URI. */
public final class ManagerAddress {
  private ManagerAddress() {}

  /** @throws IllegalArgumentException naming the address and what is wrong with it */
  public static URI parse(String address) {
    if (address == null || address.isBlank()) throw new IllegalArgumentException("manager address is empty");
    String a = address.strip();
    String withScheme = a.contains("://") ? a : "http://" + a;
    URI uri;
    try {
      uri = new URI(withScheme);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("manager address '" + address + "' is not host:port");
    }
    if (!"http".equals(uri.getScheme())) {
      throw new IllegalArgumentException("manager address '" + address + "': only http is supported");
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

  /** {@code http://host:port} of any URI on a manager. */
  public static URI base(URI uri) {
    return URI.create(uri.getScheme() + "://" + uri.getRawAuthority());
  }

  /** How an address is shown to users: {@code host:port}. */
  public static String display(URI base) {
    return base.getRawAuthority();
  }
}
