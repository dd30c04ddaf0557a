package io.orchestrate.gateway.protocol;

import io.netty.handler.codec.DecoderException;

/**
 * A frame that is not a message this build understands: unreadable JSON, an unknown type tag, a
 * newer version, a field that fails validation, or a frame over the size limit. The connection it
 * arrived on cannot be trusted to be in step any more and is closed.
 *
 * <p>A {@link DecoderException} so that Netty passes it to {@code exceptionCaught} as it is,
 * without wrapping it.
 */
public class ProtocolException extends DecoderException {
  public ProtocolException(String message) {
    super(message);
  }

  public ProtocolException(String message, Throwable cause) {
    super(message, cause);
  }
}
