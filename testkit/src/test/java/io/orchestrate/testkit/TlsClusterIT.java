package io.orchestrate.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.orchestrate.core.codec.CommandCodec;
import io.orchestrate.core.spec.Resources;
import io.orchestrate.security.Role;
import io.orchestrate.security.TlsContexts;
import io.orchestrate.security.TlsFiles;
import io.orchestrate.security.TlsMaterial;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.ratis.protocol.RaftClientReply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A cluster with mutual TLS on all three ports: what a client, a worker and a raw Raft client of
 * the cluster's CA may do, and what a stranger (no certificate, the wrong role, another CA, an
 * expired certificate) may not. One cluster serves every test; none of them changes what the
 * others see except by adding jobs.
 */
class TlsClusterIT {
  private static final Duration WAIT = MiniCluster.WAIT;

  @TempDir static Path dir;
  @TempDir static Path strangerDir;
  private static MiniCluster c;

  @BeforeAll
  static void start() {
    c = MiniCluster.start(dir, 3, b -> b, true);
  }

  @AfterAll
  static void stop() {
    if (c != null) c.close();
  }

  private static String leaderApi() {
    return c.leader().apiAddress().toString();
  }

  @Test
  void aJobSubmittedOverHttpsRunsOnAWorkerConnectedOverTls() {
    c.startWorker("w-run", "process", Resources.of(4, 1024, 1000));

    HttpApi.Reply r = c.submit(("""
        name: over-tls
        tasks:
          - name: sleeper
            image: local/busybox:1
            command: ["sh", "-c", "sleep 3600"]
            count: 2
            resources: {cpu: 0.1, memoryMb: 32, diskMb: 10}
        """).getBytes(StandardCharsets.UTF_8), null);

    assertThat(r.status()).as(r.text()).isEqualTo(201);
    String job = r.json().path("id").asText();
    await("both tasks RUNNING on the TLS worker").atMost(WAIT).until(() -> Tasks.allIn(c, job, "RUNNING"));
    assertThat(Tasks.of(c, job)).allMatch(t -> t.path("node").asText().equals("w-run"));
    // The members view probes each manager with an 800 ms bound: one slow answer on a loaded machine shows
    // UNREACHABLE for that view only, so the view is asked again until every manager answered.
    await("managers probe each other's health over HTTPS with their own certificates").atMost(WAIT)
        .until(() -> c.http().get(leaderApi(), "/v1/cluster").json().path("members").findValuesAsText("role"),
            roles -> roles.size() == 3 && !roles.contains("UNREACHABLE"));
  }

  @Test
  void plainHttpToTheApiIsRefused() {
    HttpApi plain = new HttpApi();

    assertThatThrownBy(() -> plain.get(leaderApi(), "/v1/health")).isInstanceOf(UncheckedIOException.class);
  }

  @Test
  void httpsWithoutAClientCertificateIsRefused() throws Exception {
    javax.net.ssl.SSLContext anonymous = javax.net.ssl.SSLContext.getInstance("TLS");
    anonymous.init(null, new javax.net.ssl.TrustManager[] {
        new io.orchestrate.security.ReloadingTrustManager(c.pki().caFile(), java.util.EnumSet.of(Role.MANAGER))}, null);

    assertThatThrownBy(() -> new HttpApi(anonymous).get(leaderApi(), "/v1/health")).isInstanceOf(UncheckedIOException.class);
  }

  @Test
  void theApiRefusesAWorkerCertificateAndOneOfAnotherCa() {
    HttpApi asWorker = new HttpApi(MiniCluster.clientTls(c.pki().worker("w-api")));
    TlsFiles foreign = io.orchestrate.localcluster.LocalPki.open(strangerDir).client("mallory");
    // The stranger trusts this cluster's CA, so only the manager's check can stop it.
    HttpApi asStranger = new HttpApi(MiniCluster.clientTls(new TlsFiles(c.pki().caFile(), foreign.cert(), foreign.key())));

    assertThatThrownBy(() -> asWorker.get(leaderApi(), "/v1/health")).isInstanceOf(UncheckedIOException.class);
    assertThatThrownBy(() -> asStranger.get(leaderApi(), "/v1/health")).isInstanceOf(UncheckedIOException.class);
    assertThat(c.http().get(leaderApi(), "/v1/health").status()).as("a client certificate still works").isEqualTo(200);
  }

  @Test
  void anExpiredClientCertificateIsRefusedAndANewOneWorks() {
    Instant now = Instant.now();
    TlsFiles expired = c.pki().ca().issue(Role.CLIENT, "old-client", List.of(), now.minus(Duration.ofDays(2)), now.minus(Duration.ofHours(1)))
        .writeTo(c.pki().dir());

    assertThatThrownBy(() -> TlsMaterial.load(expired))
        .as("a client will not even use it").hasMessageContaining("expired at");
    // Sent anyway (a client that does not check its own), the manager refuses it.
    HttpApi anyway = new HttpApi(unchecked(expired));
    assertThatThrownBy(() -> anyway.get(leaderApi(), "/v1/health")).isInstanceOf(UncheckedIOException.class);
  }

  @Test
  void aGatewayClientWithoutACertificateIsRefused() throws Exception {
    try (FakeWorker w = new FakeWorker("w-anon", Resources.of(1, 512, 100))) {
      w.connect(c.leader().gatewayAddress().toString());
      w.register(List.of());
      await("the connection is closed").atMost(WAIT).until(() -> !w.open());
    }
    assertThat(c.leader().stateMachine().image().nodes()).doesNotContainKey("w-anon");
  }

  @Test
  void aWorkerCertificateForOneNodeCannotRegisterAnotherNorTakeOverItsSession() throws Exception {
    c.startWorker("w-victim", "process", Resources.of(1, 512, 100));
    io.netty.channel.Channel victimChannel = session(c.leader(), "w-victim").channel();
    long victimReconnects = c.worker("w-victim").gateway().reconnects();
    io.netty.handler.ssl.SslContext asW1 = TlsContexts.nettyClient(TlsMaterial.load(c.pki().worker("w-thief")));

    try (FakeWorker thief = new FakeWorker("w-victim", Resources.of(1, 512, 100))) {
      thief.connect(c.leader().gatewayAddress().toString(), asW1);
      thief.register(List.of());
      await("the thief's connection is closed").atMost(WAIT).until(() -> !thief.open());
      assertThat(thief.received).as("nothing answered to the thief").isEmpty();
    }
    assertThat(c.worker("w-victim").gateway().state()).isEqualTo(io.orchestrate.worker.gateway.ConnectionState.REGISTERED);
    assertThat(c.worker("w-victim").gateway().reconnects()).as("the victim's connection was never dropped").isEqualTo(victimReconnects);
    assertThat(session(c.leader(), "w-victim").channel()).as("the victim's session was never replaced").isSameAs(victimChannel);
    assertThat(victimChannel.isActive()).isTrue();

    // The same certificate registering its own name is welcome.
    try (FakeWorker honest = new FakeWorker("w-thief", Resources.of(1, 512, 100))) {
      honest.connect(c.leader().gatewayAddress().toString(), asW1);
      honest.register(List.of());
      await("registered").atMost(WAIT).until(() -> !honest.received.isEmpty());
      assertThat(honest.received.get(0)).isInstanceOf(io.orchestrate.gateway.protocol.Registered.class);
    }
  }

  @Test
  void aGatewayClientOfAnotherCaIsRefused() throws Exception {
    TlsFiles foreign = io.orchestrate.localcluster.LocalPki.open(strangerDir).worker("w-foreign");
    io.netty.handler.ssl.SslContext stranger = TlsContexts.nettyClient(TlsMaterial.load(new TlsFiles(c.pki().caFile(), foreign.cert(), foreign.key())));

    try (FakeWorker w = new FakeWorker("w-foreign", Resources.of(1, 512, 100))) {
      w.connect(c.leader().gatewayAddress().toString(), stranger);
      w.register(List.of());
      await("the connection is closed").atMost(WAIT).until(() -> !w.open());
      assertThat(w.received).isEmpty();
    }
    assertThat(c.leader().stateMachine().image().nodes()).doesNotContainKey("w-foreign");
  }

  @Test
  void aRawRaftClientWithoutACertificateOrWithAWorkersOrAnotherCasManagerCannotReachTheGroup() {
    byte[] entry = CommandCodec.encode(LogEntryGateIT.forged("t-1", null));
    TlsFiles foreign = io.orchestrate.localcluster.LocalPki.open(strangerDir).manager("m9");
    TlsMaterial strangerManager = TlsMaterial.load(new TlsFiles(c.pki().caFile(), foreign.cert(), foreign.key()));
    for (TlsMaterial tls : new TlsMaterial[] {null, TlsMaterial.load(c.pki().worker("w-raft")), strangerManager}) {
      try (RawRaftClient raw = new RawRaftClient(c, tls, 2)) {
        Throwable thrown = null;
        RaftClientReply reply = null;
        try {
          reply = raw.write(entry);
        } catch (Exception e) {
          thrown = e;
        }
        assertThat(reply == null || !reply.isSuccess()).as("a write got through with %s", tls == null ? "no certificate" : tls.identity()).isTrue();
        assertThat(thrown != null || reply.getException() != null).isTrue();
      }
    }
    assertThat(c.http().get(leaderApi(), "/v1/jobs/j-00000000000000ff").status()).as("nothing was committed").isEqualTo(404);
  }

  @Test
  void aRawRaftClientWithAManagersCertificateReachesTheGroup() throws Exception {
    try (RawRaftClient raw = new RawRaftClient(c, TlsMaterial.load(c.pki().manager("m1")), 20)) {
      // Refused by the state machine (garbage), which means it got through TLS to the leader.
      LogEntryGateIT.assertRefused(raw, LogEntryGateIT.GARBAGE, "not a readable command");
    }
  }

  private static io.orchestrate.manager.session.NodeSessions.Session session(io.orchestrate.manager.Manager m, String nodeId) {
    for (var s : m.sessions().all()) if (s.nodeId().equals(nodeId)) return s;
    throw new AssertionError("no session for " + nodeId + " on " + m.id());
  }

  /** A JDK context that presents {@code files} without checking them first, as a careless client would. */
  private static javax.net.ssl.SSLContext unchecked(TlsFiles files) {
    try {
      java.security.KeyStore ks = java.security.KeyStore.getInstance("PKCS12");
      ks.load(null, null);
      char[] pw = "x".toCharArray();
      ks.setKeyEntry("own", io.orchestrate.security.Pem.readPrivateKey(files.key()), pw,
          io.orchestrate.security.Pem.readCertificates(files.cert()).toArray(java.security.cert.Certificate[]::new));
      javax.net.ssl.KeyManagerFactory kmf = javax.net.ssl.KeyManagerFactory.getInstance("PKIX");
      kmf.init(ks, pw);
      javax.net.ssl.SSLContext ctx = javax.net.ssl.SSLContext.getInstance("TLS");
      ctx.init(kmf.getKeyManagers(), new javax.net.ssl.TrustManager[] {
          new io.orchestrate.security.ReloadingTrustManager(files.ca(), java.util.EnumSet.of(Role.MANAGER))}, null);
      return ctx;
    } catch (java.security.GeneralSecurityException | java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
