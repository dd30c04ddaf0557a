package io.orchestrate.worker.health;

import io.orchestrate.core.spec.HealthCheck;
import io.orchestrate.worker.driver.DriverException;
import io.orchestrate.worker.driver.ExecResult;
import io.orchestrate.worker.driver.TaskDriver;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.Proxy;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Duration;

/**
 * Runs checks through the task's driver: HTTP and TCP checks connect to the address the driver
 * names for the copy (a container's bridge address, or the loopback for processes); command checks
 * run through {@link TaskDriver#exec}. Every wait is bounded by the check's timeout, and every
 * problem becomes a failed result with a short reason, e.g. "GET http://172.17.0.3:8080/ answered 503".
 */
public final class DriverCheckRunner implements CheckRunner {
  private final TaskDriver driver;

  public DriverCheckRunner(TaskDriver driver) {
    this.driver = driver;
  }

  @Override
  public CheckResult run(ProbeTarget target) {
    HealthCheck c = target.check();
    Duration timeout = Duration.ofSeconds(c.timeoutSeconds());
    try {
      return switch (c.type()) {
        case HTTP -> http(driver.address(target.handle()), c.port(), c.path(), timeout);
        case TCP -> tcp(driver.address(target.handle()), c.port(), timeout);
        case COMMAND -> command(target, c, timeout);
      };
    } catch (DriverException e) {
      return CheckResult.fail(e.getMessage());
    }
  }

  static CheckResult tcp(String host, int port, Duration timeout) {
    try (Socket s = new Socket(Proxy.NO_PROXY)) {
      s.connect(new InetSocketAddress(host, port), millis(timeout));
      return CheckResult.pass();
    } catch (IOException e) {
      return CheckResult.fail("tcp " + host + ":" + port + ": " + describe(e, timeout));
    }
  }

  static CheckResult http(String host, int port, String path, Duration timeout) {
    String url = "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port + path;
    HttpURLConnection conn = null;
    try {
      conn = (HttpURLConnection) URI.create(url).toURL().openConnection(Proxy.NO_PROXY);
      conn.setConnectTimeout(millis(timeout));
      conn.setReadTimeout(millis(timeout));
      conn.setInstanceFollowRedirects(false);
      conn.setUseCaches(false);
      // A fresh connection per check: a kept-alive one could pass while the server no longer accepts new ones.
      conn.setRequestProperty("Connection", "close");
      conn.setRequestProperty("User-Agent", "orchestrate-health");
      int status = conn.getResponseCode();
      drain(conn);
      if (status >= 200 && status < 400) return CheckResult.pass();
      return CheckResult.fail("GET " + url + " answered " + status);
    } catch (IllegalArgumentException | IOException e) {
      return CheckResult.fail("GET " + url + ": " + describe(e, timeout));
    } finally {
      if (conn != null) conn.disconnect();
    }
  }

  private CheckResult command(ProbeTarget target, HealthCheck c, Duration timeout) throws DriverException {
    ExecResult r = driver.exec(target.handle(), c.command(), timeout);
    String said = r.output().isEmpty() ? "" : ": " + firstLine(r.output());
    if (r.timedOut()) return CheckResult.fail("command " + c.command().get(0) + " did not finish within " + timeout.toSeconds() + "s" + said);
    if (r.exitCode() == 0) return CheckResult.pass();
    return CheckResult.fail("command " + c.command().get(0) + " exited with code " + r.exitCode() + said);
  }

  private static void drain(HttpURLConnection conn) {
    try (InputStream in = conn.getErrorStream() != null ? conn.getErrorStream() : conn.getInputStream()) {
      if (in != null) in.readNBytes(4096);
    } catch (IOException ignored) {
      // The status is what counts; a body cut short does not change it.
    }
  }

  private static String describe(Exception e, Duration timeout) {
    if (e instanceof SocketTimeoutException) return "timed out after " + timeout.toSeconds() + "s";
    if (e instanceof ConnectException && String.valueOf(e.getMessage()).toLowerCase().contains("refused")) return "connection refused";
    if (e instanceof NoRouteToHostException) return "no route to host";
    String m = e.getMessage();
    return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
  }

  private static String firstLine(String s) {
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  private static int millis(Duration d) {
    return (int) Math.min(Integer.MAX_VALUE, Math.max(1, d.toMillis()));
  }
}
