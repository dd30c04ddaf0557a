package io.orchestrate.cli.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.orchestrate.cli.CliRun;
import io.orchestrate.core.codec.Json;
import io.orchestrate.security.TlsFiles;
import io.orchestrate.testkit.MiniCluster;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ops/runbooks/backup-schedule.md against a running cluster: step 1's commands exactly as the
 * runbook writes them (in-process CLI, the backup directory moved under a temp dir), then what the
 * timer would run, the ExecStart and ExecStartPost lines of ops/systemd/orchestrate-backup.service
 * (through /bin/sh as real processes, ORCHESTRATE_MANAGERS/CA/CERT/KEY/TOKEN read from the
 * backup.env the runbook writes), and the runbook's crontab line, all against a cluster with mutual
 * TLS and API tokens ({@link Operator}): the backup has a client certificate and an operator token
 * of its own. Every file written must pass {@code snapshot inspect}.
 */
class BackupScheduleRunbookIT {
  private static final Path RUNBOOK = RunbookCommandsTest.RUNBOOKS.resolve("backup-schedule.md");
  private static final Path UNIT = RunbookCommandsTest.ROOT.resolve("ops/systemd/orchestrate-backup.service");
  private static final Path TIMER = RunbookCommandsTest.ROOT.resolve("ops/systemd/orchestrate-backup.timer");
  private static final Map<String, String> JAVA = Map.of("JAVA_OPTS", "-Xmx128m -XX:+UseSerialGC -XX:TieredStopAtLevel=1");
  private static final Pattern TIMESTAMPED = Pattern.compile("orchestrate-\\d{8}T\\d{6}Z\\.snapshot");

  @TempDir Path dir;
  private MiniCluster cluster;
  private Operator operator;
  private LoopbackHost host;
  private Path backups;

  @BeforeEach
  void aBackupHost() throws IOException {
    host = new LoopbackHost(dir.resolve("host"));
    backups = host.path("/var/backups/orchestrate");
  }

  /** A running cluster with a few jobs, started by the tests that back one up. */
  private MiniCluster cluster() throws IOException {
    if (cluster == null) {
      cluster = Operator.secured(dir.resolve("cluster"), 3);
      operator = Operator.bootstrap(cluster);
      for (int i = 0; i < 3; i++) {
        CliRun r = operator.cli("run", "-f", MembershipRunbookIT.job(dir, "backed-up-" + i));
        assertThat(r.exitCode()).as(r.toString()).isZero();
      }
    }
    return cluster;
  }

  @AfterEach
  void stop() throws InterruptedException {
    host.killAll();
    if (cluster != null) cluster.close();
  }

  @Test
  void stepOneSavesAndInspectsBySnapshotCommandsAsWritten() throws IOException {
    List<RunbookCommandsTest.CommandLineInDoc> step1 = RunbookCommandsTest.commandsIn(RUNBOOK).stream()
        .filter(c -> c.args().stream().anyMatch(a -> a.endsWith("/manual.snapshot"))).toList();
    assertThat(step1).extracting(c -> String.join(" ", c.args().subList(0, 2)))
        .containsExactly("snapshot save", "snapshot inspect", "snapshot inspect");
    for (RunbookCommandsTest.CommandLineInDoc c : step1) {
      String[] args = c.args().stream().map(host::rewrite).toArray(String[]::new);
      cluster();
      CliRun r = operator.cli(args);
      assertThat(r.exitCode()).as(c + "\n" + r).isZero();
    }
    assertInspects(backups.resolve("manual.snapshot"));
  }

  @Test
  void theServiceTheTimerStartsSavesAnInspectedSnapshotAndPrunesOldOnes() throws Exception {
    Path env = backupEnv();
    Map<String, String> vars = new LinkedHashMap<>(JAVA);
    vars.putAll(environmentFile(env));

    Path old = backups.resolve("orchestrate-20000101T000000Z.snapshot");
    Files.writeString(old, "an old backup");
    Files.setLastModifiedTime(old, FileTime.from(Instant.now().minus(Duration.ofDays(15))));
    Path recent = backups.resolve("orchestrate-20000102T000000Z.snapshot");
    Files.writeString(recent, "a recent backup");
    Files.setLastModifiedTime(recent, FileTime.from(Instant.now().minus(Duration.ofDays(13))));

    SystemdUnit unit = SystemdUnit.read(UNIT);
    assertThat(unit.execStart()).hasSize(1);
    Path log = dir.resolve("backup-service.log");
    assertThat(host.run(unit.execStart().get(0), vars, log)).as(Files.readString(log)).isZero();
    for (String post : unit.execStartPost()) assertThat(host.run(post, vars, log)).as(Files.readString(log)).isZero();

    List<Path> fresh = timestamped().stream().filter(p -> !p.equals(recent)).toList();
    assertThat(fresh).as("one new timestamped snapshot").hasSize(1);
    assertInspects(fresh.get(0));
    assertThat(old).as("older than 14 days: pruned").doesNotExist();
    assertThat(recent).as("within 14 days: kept").exists();
  }

  @Test
  void theServiceFailsWhenNoManagerAnswers() throws Exception {
    Map<String, String> vars = new LinkedHashMap<>(JAVA);
    vars.put("ORCHESTRATE_MANAGERS", "127.0.0.1:1");
    Path log = dir.resolve("backup-failing.log");
    // systemd then marks the run failed, which is what an operator (and OnFailure=) sees.
    assertThat(host.run(SystemdUnit.read(UNIT).execStart().get(0), vars, log)).as(Files.readString(log)).isEqualTo(3);
  }

  @Test
  void theCrontabLineSavesAnInspectableSnapshot() throws Exception {
    String line = Files.readAllLines(RUNBOOK).stream().map(String::strip).filter(l -> l.matches("^[0-9*/,-]+ [0-9*/,-]+ \\* \\* \\* .*"))
        .findFirst().orElseThrow(() -> new AssertionError("the runbook has a crontab line"));
    // What cron runs: the command after the five schedule fields, with cron's \% turned back into %.
    String command = line.split("\\s+", 6)[5].replace("\\%", "%");
    assertThat(command).as("cron reads the managers, the certificate and the token from backup.env").contains(". /etc/orchestrate/backup.env");
    backupEnv();
    Path log = dir.resolve("cron.log");
    assertThat(host.run(command, JAVA, log)).as(Files.readString(log)).isZero();
    List<Path> saved = timestamped();
    assertThat(saved).hasSize(1);
    assertInspects(saved.get(0));
  }

  @Test
  void theTimerFiresEverySixHours() throws Exception {
    String onCalendar = Files.readAllLines(TIMER).stream().filter(l -> l.startsWith("OnCalendar=")).findFirst().orElseThrow().substring("OnCalendar=".length());
    Process p;
    try {
      p = new ProcessBuilder("systemd-analyze", "calendar", "--iterations=3", onCalendar).redirectErrorStream(true).start();
    } catch (IOException e) {
      assumeTrue(false, "systemd-analyze is not installed: " + e.getMessage());
      return;
    }
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as(out).isZero();
    List<String> hours = out.lines().filter(l -> l.contains("elapse:") || l.contains("Iter.")).map(l -> l.replaceAll(".* (\\d\\d):(\\d\\d):00 UTC.*", "$1:$2")).toList();
    assertThat(hours).hasSize(3).allMatch(h -> h.matches("(00|06|12|18):17"));
  }

  /**
   * Steps 1 and 3 on the backup host: the backup's client certificate (issued by the cluster's CA)
   * installed in {@code /etc/orchestrate/tls} with the key's mode 0600, a token of role operator
   * made with {@code token create}, and {@code backup.env} with the lines the runbook's
   * {@code echo | tee} writes, the addresses those of the loopback managers.
   */
  private Path backupEnv() throws IOException {
    cluster();
    String runbook = Files.readString(RUNBOOK);
    TlsFiles issued = cluster.pki().client("backup");
    Path tls = Files.createDirectories(host.path("/etc/orchestrate/tls"));
    Files.copy(issued.ca(), tls.resolve("ca.crt"), StandardCopyOption.REPLACE_EXISTING);
    Files.copy(issued.cert(), tls.resolve("backup.crt"), StandardCopyOption.REPLACE_EXISTING);
    Files.copy(issued.key(), tls.resolve("backup.key"), StandardCopyOption.REPLACE_EXISTING);
    Files.setPosixFilePermissions(tls.resolve("backup.key"), PosixFilePermissions.fromString("rw-------"));
    CliRun created = operator.cli("token", "create", "--role", "operator", "--name", "backup");
    assertThat(created.exitCode()).as(created.toString()).isZero();
    Matcher secret = Pattern.compile("(?m)^export ORCHESTRATE_TOKEN=(\\S+)$").matcher(created.out());
    assertThat(secret.find()).as(created.toString()).isTrue();
    Map<String, String> lines = new LinkedHashMap<>();
    lines.put("ORCHESTRATE_MANAGERS", String.join(",", cluster.apis()));
    lines.put("ORCHESTRATE_CA", host.rewrite("/etc/orchestrate/tls/ca.crt"));
    lines.put("ORCHESTRATE_CERT", host.rewrite("/etc/orchestrate/tls/backup.crt"));
    lines.put("ORCHESTRATE_KEY", host.rewrite("/etc/orchestrate/tls/backup.key"));
    lines.put("ORCHESTRATE_TOKEN", secret.group(1));
    StringBuilder text = new StringBuilder();
    for (Map.Entry<String, String> e : lines.entrySet()) {
      assertThat(runbook).as("the runbook writes " + e.getKey() + " to backup.env").contains("echo '" + e.getKey() + "=");
      text.append(e.getKey()).append('=').append(e.getValue()).append('\n');
    }
    Path env = host.path("/etc/orchestrate/backup.env");
    Files.writeString(env, text);
    Files.setPosixFilePermissions(env, PosixFilePermissions.fromString("rw-------"));
    return env;
  }

  private void assertInspects(Path file) throws IOException {
    CliRun inspect = Cli.run(List.of(), "snapshot", "inspect", file.toString());
    assertThat(inspect.exitCode()).as(inspect.toString()).isZero();
    JsonNode manifest = Json.lenient().readTree(inspect.out());
    assertThat(manifest.path("appliedIndex").asLong()).isPositive();
    assertThat(inspect.out()).contains("orchestrate");
  }

  private List<Path> timestamped() throws IOException {
    try (Stream<Path> s = Files.list(backups)) {
      return s.filter(p -> TIMESTAMPED.matcher(p.getFileName().toString()).matches()).sorted().toList();
    }
  }

  /** KEY=VALUE lines, as systemd's EnvironmentFile= reads them. */
  private static Map<String, String> environmentFile(Path file) throws IOException {
    Map<String, String> out = new LinkedHashMap<>();
    for (String l : Files.readAllLines(file)) {
      if (l.isBlank() || l.startsWith("#")) continue;
      out.put(l.substring(0, l.indexOf('=')), l.substring(l.indexOf('=') + 1));
    }
    return out;
  }
}
