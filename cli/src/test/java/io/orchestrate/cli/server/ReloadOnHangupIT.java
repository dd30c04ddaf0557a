package io.orchestrate.cli.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.orchestrate.localcluster.ChildProcess;
import io.orchestrate.localcluster.FreePorts;
import io.orchestrate.localcluster.LocalPki;
import io.orchestrate.localcluster.ManagerSlot;
import io.orchestrate.security.Role;
import io.orchestrate.security.TlsFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code orchestrate worker} as a real process: SIGHUP makes it read its renewed certificate and log
 * the new expiry, and in plain text it says so in a WARN line. No manager answers at the gateway
 * address given; the worker keeps trying, which is all these checks need of it.
 */
class ReloadOnHangupIT {
  private static final Duration WAIT = Duration.ofSeconds(30);
  @TempDir Path dir;

  private ChildProcess worker(List<String> tlsArgs) throws Exception {
    List<String> args = new ArrayList<>(List.of("worker", "--id", "w1", "--data-dir", dir.resolve("w1").toString(),
        "--managers", "127.0.0.1:" + FreePorts.next(), "--driver", "process", "--allow", "process-driver"));
    args.addAll(tlsArgs);
    ChildProcess p = new ChildProcess("w1", args, dir.resolve("w1.log"));
    p.start();
    return p;
  }

  private String log() throws Exception {
    return Files.exists(dir.resolve("w1.log")) ? Files.readString(dir.resolve("w1.log")) : "";
  }

  @Test
  void sighupReloadsARenewedCertificateAndLogsItsNewExpiry() throws Exception {
    LocalPki pki = LocalPki.open(dir.resolve("pki"));
    TlsFiles files = pki.worker("w1");
    ChildProcess p = worker(ManagerSlot.tlsArgs(files));
    try {
      await("the worker running").atMost(WAIT).until(() -> log().contains("worker w1 running"));
      assertThat(log()).contains("mutual TLS").doesNotContain("WITHOUT TLS");
      Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
      Instant renewedUntil = now.plus(Duration.ofDays(77));
      pki.ca().issue(Role.WORKER, "w1", List.of(), now, renewedUntil).writeTo(pki.dir());

      String reloaded = "worker w1 on SIGHUP: reloaded certificate " + files.cert();
      hangUp(p);
      try {
        await("the reload logged").atMost(WAIT).until(() -> log().contains(reloaded));
      } catch (org.awaitility.core.ConditionTimeoutException e) {
        // A process started under nohup inherits SIGHUP ignored, and the JVM then installs no
        // handler for it: the worker lives on and logs nothing. Run the suite without nohup.
        throw new AssertionError("no '" + reloaded + "' within " + WAIT + " (worker alive: " + p.alive()
            + "; a SIGHUP ignored by whatever started the tests, e.g. nohup, looks like this); its log:\n" + log(), e);
      }
      assertThat(log()).contains("expires " + renewedUntil);
      assertThat(p.alive()).as("SIGHUP must not stop the worker; its log:%n%s", log()).isTrue();
    } finally {
      p.stop(5_000);
    }
  }

  private static void hangUp(ChildProcess p) throws Exception {
    Process kill = new ProcessBuilder("kill", "-HUP", Long.toString(p.pid())).inheritIO().start();
    assertThat(kill.waitFor()).isZero();
  }

  @Test
  void inPlainTextTheWorkerWarnsThatItsConnectionIsUnauthenticated() throws Exception {
    ChildProcess p = worker(List.of("--insecure"));
    try {
      await("the warning").atMost(WAIT).until(() -> log().contains("worker w1 runs WITHOUT TLS (--insecure)"));
      assertThat(log()).contains("WARN").contains("unauthenticated and unencrypted");
    } finally {
      p.stop(5_000);
    }
  }
}
