package io.orchestrate.gateway.protocol;

/** A manager gateway's "host:port". IPv6 hosts are written in brackets: "[::1]:7000". */
public record GatewayAddress(String host, int port) {
  public GatewayAddress {
    Checks.text(host, "gateway host");
    if (port < 1 || port > 65535) throw new IllegalArgumentException("gateway port must be within 1..65535, was " + port);
  }

  public static GatewayAddress parse(String hostPort) {
    return parse(hostPort, "gateway address");
  }

  /** Parses "host:port"; {@code field} names the value in the error. */
  public static GatewayAddress parse(String hostPort, String field) {
    if (hostPort == null || hostPort.isBlank()) throw new IllegalArgumentException(field + " must not be blank");
    String s = hostPort.trim();
    int colon = s.lastIndexOf(':');
    if (colon <= 0 || colon == s.length() - 1) {
      throw new IllegalArgumentException(field + " must be host:port, was '" + hostPort + "'");
    }
    String host = s.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) host = host.substring(1, host.length() - 1);
    int port;
    try {
      port = Integer.parseInt(s.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(field + " port must be a number, was '" + hostPort + "'");
    }
    if (port < 1 || port > 65535) throw new IllegalArgumentException(field + " port must be within 1..65535, was '" + hostPort + "'");
    return new GatewayAddress(host, port);
  }

  @Override
  public String toString() {
    return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
  }
}
