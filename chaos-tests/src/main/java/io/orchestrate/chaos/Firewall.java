package io.orchestrate.chaos;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Network partitions between containers, made with the host's {@code iptables} run inside a
 * container's network namespace ({@code nsenter -t PID -n}). The rules live and die with the
 * container's namespace, so nothing is left on the host, the image needs no iptables, and the
 * host (the clients) keeps reaching every container: an isolated leader still gets requests, the
 * nastiest case. Needs root and nsenter on the host, as CI has.
 */
final class Firewall {
  private Firewall() {}

  /** Null when partitions can be made here; otherwise why not. */
  static String problem() {
    try {
      if (exec(List.of("nsenter", "--version")) != 0) return "nsenter does not run";
      if (exec(List.of("iptables", "--version")) != 0) return "iptables does not run";
      if (!"root".equals(System.getProperty("user.name"))) return "partitions need root (nsenter into a container's network namespace)";
      if (exec(List.of("iptables", "-w", "5", "-S", "OUTPUT")) != 0) return "iptables cannot read the rules here (no netfilter?)";
      return null;
    } catch (IOException e) {
      return e.getMessage();
    }
  }

  /** In the namespace of the process {@code pid}: drop every packet from or to each of {@code peers}. */
  static void block(long pid, List<String> peers) throws IOException {
    for (String ip : peers) {
      iptables(pid, "-A", "INPUT", "-s", ip, "-j", "DROP");
      iptables(pid, "-A", "OUTPUT", "-d", ip, "-j", "DROP");
    }
  }

  /** Removes every rule this class added in that namespace. */
  static void clear(long pid) throws IOException {
    iptables(pid, "-F", "INPUT");
    iptables(pid, "-F", "OUTPUT");
  }

  private static void iptables(long pid, String... args) throws IOException {
    List<String> cmd = new ArrayList<>(List.of("nsenter", "-t", Long.toString(pid), "-n", "iptables", "-w", "5"));
    cmd.addAll(List.of(args));
    int rc = exec(cmd);
    if (rc != 0) throw new IOException(String.join(" ", cmd) + " exited with " + rc);
  }

  private static int exec(List<String> cmd) throws IOException {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    try (InputStream in = p.getInputStream()) {
      in.readAllBytes();
      if (!p.waitFor(20, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IOException(String.join(" ", cmd) + " did not finish within 20 s");
      }
      return p.exitValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted running " + String.join(" ", cmd), e);
    }
  }
}
