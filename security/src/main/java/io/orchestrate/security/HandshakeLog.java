package io.orchestrate.security;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs why a server refused a TLS peer: the trust manager's reason ("certificate for w1 has role
 * worker; this port accepts manager", "... expired at ...") is otherwise only in an alert the peer
 * cannot read. Goes right after the {@code SslHandler}; stateless, so one instance serves every
 * connection of a port.
 */
@ChannelHandler.Sharable
public final class HandshakeLog extends ChannelInboundHandlerAdapter {
  private static final Logger LOG = LoggerFactory.getLogger(HandshakeLog.class);

  private final String port;

  /** {@code port} names the port in the log line: "gateway", "API". */
  public HandshakeLog(String port) {
    this.port = port;
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
    if (evt instanceof SslHandshakeCompletionEvent e && !e.isSuccess()) {
      LOG.warn("{}: refused a TLS connection from {}: {}", port, ctx.channel().remoteAddress(), reason(e.cause()));
    }
    super.userEventTriggered(ctx, evt);
  }

  /**
   * The innermost message: the trust manager's own words, not the wrappers around them. Plain text
   * sent to a TLS port is named as such and not echoed: Netty's message holds the bytes in hex, and
   * they may be a job file with its secrets.
   */
  static String reason(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof io.netty.handler.ssl.NotSslRecordException) return "not TLS (plain text sent to a TLS port?)";
      if (c.getCause() == c) break;
    }
    String last = t.toString();
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c.getMessage() != null) last = c.getMessage();
      if (c.getCause() == c) break;
    }
    return last;
  }
}
