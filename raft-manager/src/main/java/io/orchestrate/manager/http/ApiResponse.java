package io.orchestrate.manager.http;

import io.orchestrate.core.api.ErrorBody;
import io.orchestrate.core.api.ErrorCode;
import io.orchestrate.core.codec.Json;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** One HTTP answer. */
public record ApiResponse(int status, byte[] body, String contentType, Map<String, String> headers, Streaming streaming) {
  public static final String JSON = "application/json";

  /**
   * An answer that takes the connection over (server-sent events): the handler sends nothing of
   * its own and calls {@link #start} on the event loop with the answer's headers to add to the
   * stream's head, or {@link #abandon} if the connection is gone before the answer's turn came.
   */
  public interface Streaming {
    void start(io.netty.channel.ChannelHandlerContext ctx, Map<String, String> headers);

    void abandon();
  }

  public ApiResponse(int status, byte[] body, String contentType, Map<String, String> headers) {
    this(status, body, contentType, headers, null);
  }

  static ApiResponse stream(Streaming s) {
    return new ApiResponse(200, new byte[0], "text/event-stream", Map.of(), s);
  }

  public static ApiResponse json(int status, Object value) {
    return new ApiResponse(status, Json.bytes(value), JSON, Map.of());
  }

  public static ApiResponse text(int status, String text, String contentType) {
    return new ApiResponse(status, text.getBytes(StandardCharsets.UTF_8), contentType, Map.of());
  }

  public static ApiResponse error(ErrorCode code, String message) {
    return json(code.httpStatus(), new ErrorBody(message, code));
  }

  public ApiResponse withHeader(String name, String value) {
    Map<String, String> h = new java.util.LinkedHashMap<>(headers);
    h.put(name, value);
    return new ApiResponse(status, body, contentType, h, streaming);
  }
}
