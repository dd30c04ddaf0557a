package io.orchestrate.cli.commands;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.orchestrate.cli.CliRun;
import io.orchestrate.client.ManualTime;
import io.orchestrate.core.codec.Json;
import io.orchestrate.security.CertificateAuthority;
import io.orchestrate.security.Identity;
import io.orchestrate.security.Pem;
import io.orchestrate.security.Role;
import io.orchestrate.security.TlsFiles;
import io.orchestrate.security.TlsMaterial;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code orchestrate tls init|issue|inspect}: the files they write, what they print, and what they refuse. */
class TlsCommandTest {
  private final ManualTime time = new ManualTime();

  @TempDir Path dir;

  private CliRun run(String... args) {
    return CliRun.run(time, args);
  }

  private String d() {
    return dir.toString();
  }

  @Test
  void initThenIssueGivesFilesAProcessCanLoad() throws Exception {
    CliRun init = run("tls", "init", "--dir", d());
    assertThat(init.exitCode()).as(init.toString()).isZero();
    assertThat(init.out()).contains("created the cluster CA 'orchestrate CA'").contains("ca.key");
    assertThat(Files.getPosixFilePermissions(dir.resolve("ca.key"))).isEqualTo(PosixFilePermissions.fromString("rw-------"));
    X509Certificate ca = Pem.readCertificates(dir.resolve("ca.crt")).get(0);
    assertThat(Duration.between(Instant.now(), ca.getNotAfter().toInstant()).toDays()).isEqualTo(3649);

    CliRun issue = run("tls", "issue", "--dir", d(), "--role", "manager", "--name", "m1", "--host", "m1.internal,10.1.2.3");
    assertThat(issue.exitCode()).as(issue.toString()).isZero();
    assertThat(issue.out()).contains("issued a manager certificate for m1 (hosts m1.internal, 10.1.2.3)").contains("(90 days)");
    assertThat(Files.getPosixFilePermissions(dir.resolve("m1.key"))).isEqualTo(PosixFilePermissions.fromString("rw-------"));

    TlsMaterial m1 = TlsMaterial.load(new TlsFiles(dir.resolve("ca.crt"), dir.resolve("m1.crt"), dir.resolve("m1.key")));
    assertThat(m1.identity()).isEqualTo(new Identity(Role.MANAGER, "m1"));
    X509Certificate cert = m1.keyManager().certificate();
    assertThat(Duration.between(Instant.now(), cert.getNotAfter().toInstant()).toDays()).isEqualTo(89);
    assertThat(m1.trustManager(java.util.Set.of(Role.MANAGER)).verify(new X509Certificate[] {cert}).name()).isEqualTo("m1");
  }

  @Test
  void initRefusesToOverwriteTheCa() throws Exception {
    assertThat(run("tls", "init", "--dir", d()).exitCode()).isZero();
    String before = Files.readString(dir.resolve("ca.key"));

    CliRun again = run("tls", "init", "--dir", d(), "--name", "other");

    assertThat(again.exitCode()).isEqualTo(1);
    assertThat(again.err()).contains("ca.crt already exists: refusing to overwrite the cluster CA");
    assertThat(Files.readString(dir.resolve("ca.key"))).isEqualTo(before);
  }

  @Test
  void issueRefusesBadInputNamingTheOption() {
    run("tls", "init", "--dir", d());

    CliRun role = run("tls", "issue", "--dir", d(), "--role", "admin", "--name", "x");
    CliRun name = run("tls", "issue", "--dir", d(), "--role", "worker", "--name", "w/1");
    CliRun noHost = run("tls", "issue", "--dir", d(), "--role", "manager", "--name", "m1");
    CliRun badHost = run("tls", "issue", "--dir", d(), "--role", "manager", "--name", "m1", "--host", "a b");
    CliRun days = run("tls", "issue", "--dir", d(), "--role", "worker", "--name", "w1", "--days", "0");

    assertThat(role.exitCode()).isEqualTo(2);
    assertThat(role.err()).contains("--role must be one of manager, worker, client (was 'admin')");
    assertThat(name.exitCode()).isEqualTo(2);
    assertThat(name.err()).contains("--name must match").contains("'w/1'");
    assertThat(noHost.exitCode()).isEqualTo(2);
    assertThat(noHost.err()).contains("--host is required for a manager certificate");
    assertThat(badHost.err()).contains("--host 'a b' is neither a DNS name nor an IP address");
    assertThat(days.err()).contains("--days must be at least 1");
    assertThat(dir.resolve("m1.crt")).doesNotExist();
    assertThat(dir.resolve("w1.crt")).doesNotExist();
  }

  @Test
  void issueWithoutACaSaysHowToMakeOne() {
    CliRun r = run("tls", "issue", "--dir", d(), "--role", "worker", "--name", "w1");

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).contains("no CA in").contains("orchestrate tls init");
  }

  @Test
  void inspectPrintsTheFieldsAndJsonTheSame() throws Exception {
    run("tls", "init", "--dir", d());
    run("tls", "issue", "--dir", d(), "--role", "worker", "--name", "w1", "--days", "30");

    CliRun table = run("tls", "inspect", dir.resolve("w1.crt").toString());
    CliRun json = run("tls", "inspect", dir.resolve("w1.crt").toString(), "-o", "json");

    assertThat(table.exitCode()).as(table.toString()).isZero();
    assertThat(table.out()).contains("role:       worker").contains("name:       w1").contains("hosts:      -")
        .contains("issuer:     CN=orchestrate CA,O=orchestrate").contains("days left:  29").containsPattern("sha256: +([0-9A-F]{2}:){31}");
    JsonNode doc = Json.strict().readTree(json.out());
    assertThat(doc.get("role").asText()).isEqualTo("worker");
    assertThat(doc.get("name").asText()).isEqualTo("w1");
    assertThat(doc.get("daysLeft").asLong()).isEqualTo(29);
    assertThat(doc.get("expired").asBoolean()).isFalse();
    assertThat(table.out()).contains(doc.get("sha256").asText()).contains(doc.get("serial").asText());
  }

  @Test
  void inspectCallsOutAnExpiredCertificateAndExitsOne() throws Exception {
    CertificateAuthority ca = CertificateAuthority.init(dir, "test CA", Duration.ofDays(10), Instant.now());
    Instant now = Instant.now();
    ca.issue(Role.CLIENT, "alice", List.of(), now.minus(Duration.ofDays(3)), now.minus(Duration.ofDays(1))).writeTo(dir);

    CliRun r = run("tls", "inspect", dir.resolve("alice.crt").toString());

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.out()).contains("days left:  EXPIRED at");
  }

  @Test
  void inspectOfACaBundleShowsEachCertificate() throws Exception {
    run("tls", "init", "--dir", d());
    Path second = dir.resolve("second");
    run("tls", "init", "--dir", second.toString(), "--name", "next CA");
    List<X509Certificate> both = new java.util.ArrayList<>(Pem.readCertificates(dir.resolve("ca.crt")));
    both.addAll(Pem.readCertificates(second.resolve("ca.crt")));
    Pem.writeCertificates(dir.resolve("bundle.crt"), both);

    CliRun r = run("tls", "inspect", dir.resolve("bundle.crt").toString(), "-o", "json");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    JsonNode doc = Json.strict().readTree(r.out());
    assertThat(doc.size()).isEqualTo(2);
    assertThat(doc.get(0).get("role").asText()).isEqualTo("ca");
    assertThat(doc.get(1).get("name").asText()).contains("next CA");
  }
}
