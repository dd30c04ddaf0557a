package io.orchestrate.bench.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.orchestrate.client.ClientSettings;
import io.orchestrate.client.ManagersClient;
import io.orchestrate.client.RequestRejectedException;
import io.orchestrate.client.Time;
import io.orchestrate.core.spec.Resources;
import io.orchestrate.localcluster.LocalCluster;
import io.orchestrate.localcluster.LocalPki;
import io.orchestrate.security.TlsContexts;
import io.orchestrate.security.TlsMaterial;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;

/**
 * The fleet bench's simulated workers against managers with mutual TLS and API tokens: each worker
 * presents a worker certificate named for its node id, issued by the managers' CA, and the bench's
 * API client a client certificate and a token. Without certificates the gateway lets no worker in.
 */
class FleetTlsIT {
  private static final int NODES = 50;
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final Resources CAPACITY = Resources.of(8, 8_192, 10_000);

  @Test
  void simulatedWorkersWithTheirOwnCertificatesRegisterAndRunWhatTheTokenHolderSubmits() throws Exception {
    try (LocalCluster cluster = LocalCluster.builder(Files.createTempDirectory("fleet-tls-")).managers(3).tls(true)
        .tune(b -> b.acl(true)).deleteOnClose(true).start()) {
      LocalPki pki = cluster.pki();
      SSLContext clientTls = TlsContexts.jdkClient(TlsMaterial.load(pki.client("bench")));
      ManagersClient open = new ManagersClient(cluster.apis(), ClientSettings.defaults().withTimeout(WAIT), Time.SYSTEM, clientTls);
      String token = open.bootstrapAcl().value().secret();
      FleetAccess access = FleetAccess.tls(pki, clientTls, token);
      List<String> gateways = Arrays.asList(cluster.gateways().split(","));

      try (SimulatedFleet fleet = SimulatedFleet.start(NODES, CAPACITY, gateways, 1, "tls", access, null)) {
        await("all " + NODES + " nodes registered over mutual TLS").atMost(WAIT).until(() -> fleet.registeredAbove(0) == NODES);
        // 50 nodes through 8 handshake permits: every permit came back once its handshake was done.
        assertThat(fleet.handshakesInProgress()).isZero();
        assertThat(fleet.nodeIds()).allSatisfy(id -> assertThat(pki.dir().resolve(id + ".crt")).as("a certificate named for " + id).exists());

        ManagersClient client = access.client(cluster.apis(), ClientSettings.defaults().withTimeout(WAIT));
        String job = client.submitJob(JobSubmitter.body("fleet-tls", 20), "fleet-tls").value().id();
        await("20 tasks held by the fleet").atMost(WAIT).until(() -> fleet.counters().held() == 20);
        assertThat(fleet.counters().protocolErrors()).isZero();
        assertThat(client.job(job).value().tasks()).hasSize(20);

        // The API refuses the same client without the token.
        ManagersClient noToken = new ManagersClient(cluster.apis(), ClientSettings.defaults().withTimeout(WAIT), Time.SYSTEM, clientTls);
        try {
          noToken.jobs();
          throw new AssertionError("a request without a token was answered");
        } catch (RequestRejectedException e) {
          assertThat(e.status()).isEqualTo(401);
        }
      }

      // Workers without certificates get no further than the handshake: none registers, each keeps retrying.
      try (SimulatedFleet plain = SimulatedFleet.start(5, CAPACITY, gateways, 1, "plain")) {
        await("plain-text workers refused").atMost(WAIT).until(() -> plain.counters().closedUnregistered() >= 10);
        assertThat(plain.registeredAbove(0)).isZero();
        assertThat(plain.counters().registrations()).isZero();
      }
    }
  }
}
