package io.orchestrate.cli.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.orchestrate.cli.CliRun;
import io.orchestrate.client.ManualTime;
import io.orchestrate.core.codec.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A manager or worker without TLS options starts only with --insecure (or insecure: true), and with
 * TLS a manager requires API tokens unless told otherwise. Nothing here binds a port: a refused
 * process stops before it starts, and the rest is read from --print-config.
 */
class PlainTextRuleTest {
  @TempDir Path dir;
  private final ManualTime time = new ManualTime();

  private static final String[] MANAGER = {"manager", "--id", "m1", "--data-dir", "/x", "--peers", "m1=127.0.0.1:7000", "--api", "127.0.0.1:8080"};
  private static final String[] WORKER = {"worker", "--id", "w1", "--data-dir", "/x", "--managers", "127.0.0.1:7070", "--driver", "process",
      "--allow", "process-driver"};
  private static final String[] TLS = {"--ca", "/pki/ca.crt", "--cert", "/pki/x.crt", "--key", "/pki/x.key"};

  private CliRun run(String[] base, String... more) {
    String[] args = java.util.stream.Stream.concat(java.util.Arrays.stream(base), java.util.Arrays.stream(more)).toArray(String[]::new);
    return CliRun.run(time, args);
  }

  @Test
  void aManagerWithoutTlsOptionsRefusesToStartSayingHowToGetCertificatesOrToPassInsecure() {
    CliRun r = run(MANAGER);
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
    assertThat(r.err()).contains("manager m1 has no TLS options", "orchestrate tls init", "orchestrate tls issue", "--ca", "--insecure",
        "insecure: true");
    assertThat(r.out()).doesNotContain("running");
  }

  @Test
  void aWorkerWithoutTlsOptionsRefusesToStartTheSameWay() {
    CliRun r = run(WORKER);
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
    assertThat(r.err()).contains("worker w1 has no TLS options", "orchestrate tls issue", "--insecure");
    assertThat(r.out()).doesNotContain("running");
  }

  @Test
  void insecureTogetherWithTlsOptionsIsAUsageErrorNamingBoth() {
    CliRun m = run(MANAGER, concat(TLS, "--insecure", "--print-config"));
    assertThat(m.exitCode()).isEqualTo(2);
    assertThat(m.err()).contains("--insecure", "--ca/--cert/--key exclude each other");
    CliRun w = run(WORKER, concat(TLS, "--insecure", "--print-config"));
    assertThat(w.exitCode()).isEqualTo(2);
    assertThat(w.err()).contains("worker w1: --insecure", "exclude each other");
  }

  @Test
  void withTlsAManagerRequiresTokensUnlessNoAclOrTheConfigFileSaysOtherwise() throws Exception {
    assertThat(printed(run(MANAGER, concat(TLS, "--print-config"))).path("acl").asBoolean()).isTrue();
    assertThat(printed(run(MANAGER, concat(TLS, "--no-acl", "--print-config"))).path("acl").asBoolean()).isFalse();
    Path cfg = Files.writeString(dir.resolve("m.yaml"), "acl: false\n");
    assertThat(printed(run(MANAGER, concat(TLS, "--config", cfg.toString(), "--print-config"))).path("acl").asBoolean()).isFalse();
    // Without TLS a token would cross the network in plain text: off unless asked for.
    JsonNode plain = printed(run(MANAGER, "--insecure", "--print-config"));
    assertThat(plain.path("acl").asBoolean()).isFalse();
    assertThat(plain.path("insecure").asBoolean()).isTrue();
    assertThat(printed(run(MANAGER, "--insecure", "--acl", "--print-config")).path("acl").asBoolean()).isTrue();
  }

  @Test
  void insecureInTheConfigFileIsReadAndPrintedBackByManagerAndWorker() throws Exception {
    Path m = Files.writeString(dir.resolve("m.yaml"), "id: m1\ndataDir: /x\npeers: {m1: 127.0.0.1:7000}\napi: 127.0.0.1:8080\ninsecure: true\n");
    CliRun mr = CliRun.run(time, "manager", "--config", m.toString(), "--print-config");
    assertThat(printed(mr).path("insecure").asBoolean()).isTrue();
    Path again = Files.writeString(dir.resolve("m2.yaml"), mr.out());
    assertThat(CliRun.run(time, "manager", "--config", again.toString(), "--print-config").out()).isEqualTo(mr.out());

    Path w = Files.writeString(dir.resolve("w.yaml"), "id: w1\ndataDir: /x\nmanagers: [h:1]\ndriver: process\nallow: [process-driver]\ninsecure: true\n");
    CliRun wr = CliRun.run(time, "worker", "--config", w.toString(), "--print-config");
    assertThat(printed(wr).path("insecure").asBoolean()).isTrue();
    Path wAgain = Files.writeString(dir.resolve("w2.yaml"), wr.out());
    assertThat(CliRun.run(time, "worker", "--config", wAgain.toString(), "--print-config").out()).isEqualTo(wr.out());

    Path bad = Files.writeString(dir.resolve("bad.yaml"), "insecure: yes-please\n");
    CliRun br = run(MANAGER, "--config", bad.toString(), "--print-config");
    assertThat(br.exitCode()).isEqualTo(2);
    assertThat(br.err()).contains("insecure must be true or false");
  }

  private static JsonNode printed(CliRun r) throws Exception {
    assertThat(r.exitCode()).as(r.toString()).isZero();
    return Json.yaml().readTree(r.out());
  }

  private static String[] concat(String[] a, String... b) {
    return java.util.stream.Stream.concat(java.util.Arrays.stream(a), java.util.Arrays.stream(b)).toArray(String[]::new);
  }
}
