package io.orchestrate.cli.ops;

import io.orchestrate.cli.CliEnvironment;
import io.orchestrate.cli.CliRun;
import io.orchestrate.manager.config.ManagerConfig;
import io.orchestrate.security.TlsFiles;
import io.orchestrate.testkit.HttpApi;
import io.orchestrate.testkit.MiniCluster;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The runbooks' operator on a test cluster set up as their conventions say (ops/runbooks/README.md):
 * mutual TLS on every port, API tokens required, and the operator's client certificate and the
 * bootstrapped operator token in {@code ORCHESTRATE_CA/CERT/KEY/TOKEN}, next to
 * {@code ORCHESTRATE_MANAGERS}. Runbook tests run their CLI commands through {@link #cli}, so every
 * command is checked against a cluster that refuses plain text and requests without a token.
 */
final class Operator {
  /** The operator's client certificate, in the cluster's {@code pki/}. */
  static final String CLIENT = "operator";

  private final MiniCluster cluster;
  private final TlsFiles files;
  private final String token;

  private Operator(MiniCluster cluster, TlsFiles files, String token) {
    this.cluster = cluster;
    this.files = files;
    this.token = token;
  }

  /** {@code managers} managers with mutual TLS and tokens required, tuned by {@code tune}. */
  static MiniCluster secured(Path root, int managers, UnaryOperator<ManagerConfig.Builder> tune) {
    return MiniCluster.start(root, managers, b -> tune.apply(b).acl(true), true);
  }

  static MiniCluster secured(Path root, int managers) {
    return secured(root, managers, UnaryOperator.identity());
  }

  /** Bootstraps the cluster's tokens (once per cluster) and holds the operator token it answers with. */
  static Operator bootstrap(MiniCluster c) {
    String secret = c.bootstrapAcl().path("secret").asText();
    return new Operator(c, c.pki().client(CLIENT), secret);
  }

  /**
   * The operator of {@code c} holding {@code token}, made on another cluster whose state {@code c}
   * took over (a restored snapshot carries its tokens); the certificate is {@code c}'s own CA's.
   */
  static Operator withToken(MiniCluster c, String token) {
    c.useToken(token);
    return new Operator(c, c.pki().client(CLIENT), token);
  }

  String token() {
    return token;
  }

  TlsFiles files() {
    return files;
  }

  /** The operator's shell: every manager of the cluster, the certificate and the token. */
  Map<String, String> env() {
    return env(cluster.apis());
  }

  /** As {@link #env()}, naming only {@code managers}. */
  Map<String, String> env(List<String> managers) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put(CliEnvironment.MANAGERS_VARIABLE, String.join(",", managers));
    env.put(CliEnvironment.CA_VARIABLE, files.ca().toString());
    env.put(CliEnvironment.CERT_VARIABLE, files.cert().toString());
    env.put(CliEnvironment.KEY_VARIABLE, files.key().toString());
    env.put(CliEnvironment.TOKEN_VARIABLE, token);
    return env;
  }

  CliRun cli(String... args) {
    return Cli.run(env(), args);
  }

  CliRun cli(List<String> managers, String... args) {
    return Cli.run(env(managers), args);
  }

  /** An HTTPS client with the operator's certificate, for what the runbooks do with curl. */
  HttpApi http() {
    return new HttpApi(MiniCluster.clientTls(files));
  }

  /** The header the operator's token goes in. */
  Map<String, String> bearer() {
    return HttpApi.bearer(token);
  }
}
