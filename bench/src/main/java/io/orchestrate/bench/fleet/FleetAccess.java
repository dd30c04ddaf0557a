package io.orchestrate.bench.fleet;

import io.netty.handler.ssl.SslContext;
import io.orchestrate.client.ClientSettings;
import io.orchestrate.client.ManagersClient;
import io.orchestrate.client.Time;
import io.orchestrate.localcluster.LocalPki;
import io.orchestrate.security.TlsContexts;
import io.orchestrate.security.TlsMaterial;
import java.util.List;
import javax.net.ssl.SSLContext;

/**
 * How the bench reaches its managers: with mutual TLS, the API with a client certificate and an
 * API token and each simulated worker's gateway connection with a worker certificate named for its
 * node id, from the managers' own throwaway CA; or in plain text ({@link #PLAIN}), for comparing.
 * Immutable; its clients and contexts may be used from any thread.
 */
public final class FleetAccess {
  /** Plain text and no token: managers started with {@code --insecure}. */
  public static final FleetAccess PLAIN = new FleetAccess(null, null, null);

  private final LocalPki pki;
  private final SSLContext clientTls;
  private final String token;

  private FleetAccess(LocalPki pki, SSLContext clientTls, String token) {
    this.pki = pki;
    this.clientTls = clientTls;
    this.token = token;
  }

  /**
   * With TLS: {@code pki} issues the workers' certificates, {@code clientTls} presents the bench's
   * client certificate to the API, and {@code token} goes with every API request.
   */
  public static FleetAccess tls(LocalPki pki, SSLContext clientTls, String token) {
    if (pki == null || clientTls == null || token == null) throw new IllegalArgumentException("TLS access needs the CA, a client context and a token");
    return new FleetAccess(pki, clientTls, token);
  }

  public boolean tls() {
    return pki != null;
  }

  /** A client of {@code apis} with {@code settings}, over HTTPS with the token when this access has TLS. */
  public ManagersClient client(List<String> apis, ClientSettings settings) {
    return new ManagersClient(apis, token == null ? settings : settings.withToken(token), Time.SYSTEM, clientTls);
  }

  /**
   * The gateway TLS context of the simulated worker {@code nodeId}: a worker certificate issued
   * now (an EC P-256 key and one signature), presented on every connection it opens; null in plain text.
   */
  public SslContext worker(String nodeId) {
    if (pki == null) return null;
    return TlsContexts.nettyClient(TlsMaterial.load(pki.worker(nodeId)));
  }

  /** "mutual TLS and API tokens" or "plain text", for the report. */
  public String describe() {
    return tls() ? "mutual TLS and API tokens" : "plain text";
  }
}
