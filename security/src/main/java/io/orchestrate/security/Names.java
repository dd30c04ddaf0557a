package io.orchestrate.security;

import java.util.regex.Pattern;
import org.bouncycastle.util.IPAddress;

/**
 * The form of the names a certificate carries. A name follows the node-id rule of the command
 * checks (a certificate name is compared with the node id a worker registers, and is used as a
 * file name by {@code tls issue}); a host is a DNS name or an IP address literal.
 */
final class Names {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
  private static final Pattern DNS = Pattern.compile(
      "(\\*\\.)?([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*");

  private Names() {}

  static boolean isName(String s) {
    return s != null && NAME.matcher(s).matches() && !s.contains("..");
  }

  static String rule() {
    return "must match [A-Za-z0-9][A-Za-z0-9._-]{0,127} without '..'";
  }

  static boolean isIp(String host) {
    return IPAddress.isValid(host);
  }

  static boolean isHost(String host) {
    return host != null && (isIp(host) || (host.length() <= 253 && DNS.matcher(host).matches()));
  }
}
