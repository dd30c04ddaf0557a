package io.orchestrate.manager.http;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.codec.http.LastHttpContent;
import java.util.List;

/**
 * Netty's request decoder, reporting to the connection's {@link HttpDeadlines} where it is in a
 * request: only the decoder knows whether bytes left after one request are the start of the next
 * (pipelined) one.
 */
final class ApiRequestDecoder extends HttpRequestDecoder {
  private final HttpDeadlines deadlines;

  ApiRequestDecoder(HttpDeadlines deadlines) {
    this.deadlines = deadlines;
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf buffer, List<Object> out) throws Exception {
    if (buffer.isReadable()) deadlines.bytesArrived();
    int before = out.size();
    super.decode(ctx, buffer, out);
    for (int i = before; i < out.size(); i++) {
      Object o = out.get(i);
      // A malformed request arrives as one full message: headers and end at once.
      if (o instanceof HttpRequest) deadlines.headersRead();
      if (o instanceof LastHttpContent) deadlines.requestRead();
    }
  }
}
