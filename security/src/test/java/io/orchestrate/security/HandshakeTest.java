package io.orchestrate.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
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
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real handshakes over loopback between the Netty server and client contexts: the server learns
 * the client's identity, and refuses a client of the wrong role, of another CA or without a
 * certificate; the client refuses a manager certificate that does not name the host it dialed.
 */
class HandshakeTest {
  private final EventLoopGroup group = new NioEventLoopGroup(2);

  @TempDir Path cluster;
  @TempDir Path other;

  @AfterEach
  void stop() throws Exception {
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).get(10, TimeUnit.SECONDS);
  }

  /** What each side saw: the server the client's identity or its handshake error, the client the server's answer or its error. */
  private record Outcome(CompletableFuture<Object> server, CompletableFuture<String> client) {}

  private Outcome connect(SslContext serverContext, SslContext clientContext, String dialedHost) throws Exception {
    CompletableFuture<Object> server = new CompletableFuture<>();
    CompletableFuture<String> client = new CompletableFuture<>();
    Channel listener = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
        .childHandler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            SslHandler ssl = serverContext.newHandler(ch.alloc());
            ch.pipeline().addLast(ssl, new ChannelInboundHandlerAdapter() {
              @Override
              public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
                if (evt instanceof SslHandshakeCompletionEvent e) {
                  if (!e.isSuccess()) {
                    server.complete(e.cause());
                    return;
                  }
                  try {
                    Identity id = Identity.of(ssl.engine().getSession());
                    server.complete(id);
                    ctx.writeAndFlush(Unpooled.copiedBuffer("hello " + id.name(), StandardCharsets.UTF_8));
                  } catch (Exception ex) {
                    server.complete(ex);
                  }
                }
              }
            });
          }
        })
        .bind("127.0.0.1", 0).sync().channel();
    int port = ((InetSocketAddress) listener.localAddress()).getPort();
    new Bootstrap().group(group).channel(NioSocketChannel.class)
        .handler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            ch.pipeline().addLast(clientContext.newHandler(ch.alloc(), dialedHost, port), new ChannelInboundHandlerAdapter() {
              @Override
              public void channelRead(ChannelHandlerContext ctx, Object msg) {
                ByteBuf b = (ByteBuf) msg;
                client.complete(b.toString(StandardCharsets.UTF_8));
                b.release();
              }

              @Override
              public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                client.completeExceptionally(cause);
                ctx.close();
              }

              @Override
              public void channelInactive(ChannelHandlerContext ctx) {
                client.completeExceptionally(new IllegalStateException("closed without an answer"));
              }
            });
          }
        })
        .connect("127.0.0.1", port).sync();
    server.get(10, TimeUnit.SECONDS);
    client.handle((v, e) -> null).get(10, TimeUnit.SECONDS);
    listener.close().sync();
    return new Outcome(server, client);
  }

  @Test
  void aWorkerReachesAPortForWorkersAndTheServerKnowsItsName() throws Exception {
    TestPki pki = new TestPki(cluster);
    SslContext gateway = TlsContexts.nettyServer(pki.material(pki.issue(Role.MANAGER, "m1", "127.0.0.1")), EnumSet.of(Role.WORKER));
    SslContext worker = TlsContexts.nettyClient(pki.material(pki.issue(Role.WORKER, "w1")));

    Outcome o = connect(gateway, worker, "127.0.0.1");

    assertThat(o.server().get()).isEqualTo(new Identity(Role.WORKER, "w1"));
    assertThat(o.client().get()).isEqualTo("hello w1");
  }

  @Test
  void theServerRefusesAClientOfAnotherRoleSayingWhich() throws Exception {
    TestPki pki = new TestPki(cluster);
    SslContext raft = TlsContexts.nettyServer(pki.material(pki.issue(Role.MANAGER, "m1", "127.0.0.1")), EnumSet.of(Role.MANAGER));
    SslContext worker = TlsContexts.nettyClient(pki.material(pki.issue(Role.WORKER, "w1")));

    Outcome o = connect(raft, worker, "127.0.0.1");

    assertThat((Throwable) o.server().get()).hasStackTraceContaining("certificate for w1 has role worker; this port accepts manager");
    assertThat(o.client()).isCompletedExceptionally();
  }

  @Test
  void theServerRefusesAClientOfAnotherCa() throws Exception {
    TestPki pki = new TestPki(cluster);
    TestPki stranger = new TestPki(other);
    SslContext gateway = TlsContexts.nettyServer(pki.material(pki.issue(Role.MANAGER, "m1", "127.0.0.1")), EnumSet.of(Role.WORKER));
    // The stranger trusts the cluster's CA, so only the server's check can stop it.
    TlsFiles own = stranger.issue(Role.WORKER, "w1");
    SslContext worker = TlsContexts.nettyClient(pki.material(new TlsFiles(pki.dir.resolve("ca.crt"), own.cert(), own.key())));

    Outcome o = connect(gateway, worker, "127.0.0.1");

    assertThat((Throwable) o.server().get()).hasStackTraceContaining("certificate for w1 is not issued by this cluster's CA");
    assertThat(o.client()).isCompletedExceptionally();
  }

  @Test
  void theServerRefusesAClientWithoutACertificate() throws Exception {
    TestPki pki = new TestPki(cluster);
    SslContext api = TlsContexts.nettyServer(pki.material(pki.issue(Role.MANAGER, "m1", "127.0.0.1")), EnumSet.of(Role.CLIENT));
    SslContext anonymous = io.netty.handler.ssl.SslContextBuilder.forClient()
        .trustManager(new ReloadingTrustManager(pki.dir.resolve("ca.crt"), Set.of(Role.MANAGER)))
        .sslProvider(io.netty.handler.ssl.SslProvider.JDK).build();

    Outcome o = connect(api, anonymous, "127.0.0.1");

    assertThat(o.server().get()).isInstanceOf(Throwable.class);
    assertThat(o.client()).isCompletedExceptionally();
  }

  @Test
  void theClientRefusesAManagerCertificateForAnotherHost() throws Exception {
    TestPki pki = new TestPki(cluster);
    SslContext gateway = TlsContexts.nettyServer(pki.material(pki.issue(Role.MANAGER, "m1", "m1.example.com")), EnumSet.of(Role.WORKER));
    SslContext worker = TlsContexts.nettyClient(pki.material(pki.issue(Role.WORKER, "w1")));

    Outcome o = connect(gateway, worker, "127.0.0.1");

    assertThat(o.client()).isCompletedExceptionally();
    assertThat(o.client().handle((v, e) -> e).get()).hasStackTraceContaining("No subject alternative names matching IP address 127.0.0.1");
  }

  @Test
  void theClientRefusesAServerThatIsNotAManager() throws Exception {
    TestPki pki = new TestPki(cluster);
    // A worker's certificate cannot serve: it has no serverAuth and the wrong role.
    SslContext fake = TlsContexts.nettyServer(pki.material(pki.issue(Role.WORKER, "w2")), EnumSet.of(Role.WORKER));
    SslContext worker = TlsContexts.nettyClient(pki.material(pki.issue(Role.WORKER, "w1")));

    Outcome o = connect(fake, worker, "127.0.0.1");

    assertThat(o.client().handle((v, e) -> e).get()).hasStackTraceContaining("certificate for w2 has role worker; this port accepts manager");
  }
}
