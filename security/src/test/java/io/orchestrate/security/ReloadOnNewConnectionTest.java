package io.orchestrate.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.EnumSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A renewed certificate or a changed CA bundle takes effect on the next new connection between
 * the same two long-lived contexts, within a few seconds: a TLS session of the old files is not
 * resumed, or a renewed certificate would never be presented and a certificate of a CA removed
 * from the bundle would still get in (resumption skips both the certificate and its check).
 */
class ReloadOnNewConnectionTest {
  private static final Duration BOUND = Duration.ofSeconds(10);
  private final EventLoopGroup group = new NioEventLoopGroup(2);
  private Channel listener;

  @TempDir Path cluster;
  @TempDir Path other;

  @AfterEach
  void stop() throws Exception {
    if (listener != null) listener.close().sync();
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).get(10, TimeUnit.SECONDS);
  }

  /** A server that keeps running across connections; each connection's outcome goes to {@link #connect}. */
  private int serve(SslContext context) throws Exception {
    listener = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
        .childHandler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            SslHandler ssl = context.newHandler(ch.alloc());
            ch.pipeline().addLast(ssl, new ChannelInboundHandlerAdapter() {
              @Override
              public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
                if (evt instanceof SslHandshakeCompletionEvent e) {
                  CompletableFuture<Object> seen = ch.parent().attr(SEEN).get();
                  if (!e.isSuccess()) {
                    seen.complete(e.cause());
                  } else {
                    try {
                      seen.complete(((X509Certificate) ssl.engine().getSession().getPeerCertificates()[0]).getSerialNumber());
                    } catch (Exception ex) {
                      seen.complete(ex);
                    }
                  }
                  ctx.close();
                }
              }
            });
          }
        })
        .bind("127.0.0.1", 0).sync().channel();
    return ((InetSocketAddress) listener.localAddress()).getPort();
  }

  private static final io.netty.util.AttributeKey<CompletableFuture<Object>> SEEN = io.netty.util.AttributeKey.valueOf("seen");

  /** One new connection from {@code client}: the serial of the certificate the server saw, or why it refused. */
  private Object connect(SslContext client, int port) throws Exception {
    CompletableFuture<Object> seen = new CompletableFuture<>();
    listener.attr(SEEN).set(seen);
    new Bootstrap().group(group).channel(NioSocketChannel.class)
        .handler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            ch.pipeline().addLast(client.newHandler(ch.alloc(), "127.0.0.1", port));
          }
        })
        .connect("127.0.0.1", port).sync();
    return seen.get(10, TimeUnit.SECONDS);
  }

  @Test
  void aRenewedClientCertificateIsPresentedOnTheNextConnection() throws Exception {
    TestPki pki = new TestPki(cluster);
    int port = serve(TlsContexts.nettyServer(pki.material(pki.issue(Role.MANAGER, "m1", "127.0.0.1")), EnumSet.of(Role.WORKER)));
    TlsFiles files = pki.issue(Role.WORKER, "w1");
    SslContext worker = TlsContexts.nettyClient(pki.material(files));
    assertThat(connect(worker, port)).isEqualTo(serial(files));
    assertThat(connect(worker, port)).as("a second connection at once").isEqualTo(serial(files));

    pki.issue(Role.WORKER, "w1");
    BigInteger renewed = serial(files);

    await("the server sees the renewed certificate").atMost(BOUND).pollInterval(Duration.ofMillis(100))
        .until(() -> connect(worker, port), renewed::equals);
  }

  @Test
  void aClientOfACaRemovedFromTheBundleIsRefusedOnTheNextConnection() throws Exception {
    TestPki oldCa = new TestPki(cluster);
    TestPki newCa = new TestPki(other);
    Path bundle = cluster.resolve("bundle.crt");
    Files.copy(oldCa.dir.resolve("ca.crt"), bundle);
    TlsFiles m1 = oldCa.issue(Role.MANAGER, "m1", "127.0.0.1");
    int port = serve(TlsContexts.nettyServer(TlsMaterial.load(new TlsFiles(bundle, m1.cert(), m1.key())), EnumSet.of(Role.WORKER)));
    TlsFiles w1 = oldCa.issue(Role.WORKER, "w1");
    SslContext worker = TlsContexts.nettyClient(oldCa.material(w1));
    assertThat(connect(worker, port)).isEqualTo(serial(w1));

    Pem.writeCertificates(bundle, Pem.readCertificates(newCa.dir.resolve("ca.crt")));

    await("the server refuses the old CA's certificate").atMost(BOUND).pollInterval(Duration.ofMillis(100))
        .until(() -> connect(worker, port), o -> o instanceof Throwable t && stackContains(t, "not issued by this cluster's CA"));
  }

  @Test
  void aJdkClientPresentsItsRenewedCertificateOnTheNextConnection() throws Exception {
    TestPki pki = new TestPki(cluster);
    int port = serve(TlsContexts.nettyServer(pki.material(pki.issue(Role.MANAGER, "m1", "127.0.0.1")), EnumSet.of(Role.CLIENT)));
    TlsFiles files = pki.issue(Role.CLIENT, "alice");
    SSLContext client = TlsContexts.jdkClient(pki.material(files));
    assertThat(jdkConnect(client, port)).isEqualTo(serial(files));

    pki.issue(Role.CLIENT, "alice");
    BigInteger renewed = serial(files);

    await("the server sees the renewed certificate").atMost(BOUND).pollInterval(Duration.ofMillis(100))
        .until(() -> jdkConnect(client, port), renewed::equals);
  }

  private Object jdkConnect(SSLContext client, int port) throws Exception {
    CompletableFuture<Object> seen = new CompletableFuture<>();
    listener.attr(SEEN).set(seen);
    try (SSLSocket s = (SSLSocket) client.getSocketFactory().createSocket("127.0.0.1", port)) {
      s.startHandshake();
      return seen.get(10, TimeUnit.SECONDS);
    }
  }

  private static BigInteger serial(TlsFiles f) {
    return Pem.readCertificates(f.cert()).get(0).getSerialNumber();
  }

  private static boolean stackContains(Throwable t, String text) {
    for (Throwable x = t; x != null; x = x.getCause()) if (String.valueOf(x.getMessage()).contains(text)) return true;
    return false;
  }
}
