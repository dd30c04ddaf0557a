package io.orchestrate.gateway.protocol;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orchestrate.core.codec.Json;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Encodes one gateway message as JSON: {@code {"type": TAG, "v": N, "body": {...}}}, with core's
 * strict mapper. Decoding is strict too: an unknown tag, a newer version, an unknown field or a
 * field that fails the record's checks raises {@link ProtocolException} naming what was wrong.
 */
public final class GatewayCodec {
  private static final ObjectMapper M = Json.strict();

  private GatewayCodec() {}

  public static byte[] encode(GatewayMessage message) {
    ObjectNode n = M.createObjectNode();
    n.put("type", message.type().tag());
    n.put("v", message.wireVersion());
    n.set("body", M.valueToTree(message));
    try {
      return M.writeValueAsBytes(n);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static GatewayMessage decode(byte[] bytes) {
    JsonNode n;
    try {
      n = M.readTree(bytes);
    } catch (IOException e) {
      throw new ProtocolException("gateway frame is not JSON: " + rootMessage(e), e);
    }
    if (n == null || !n.isObject()) throw new ProtocolException("gateway frame is not a JSON object");
    JsonNode tagNode = n.get("type");
    if (tagNode == null || !tagNode.isTextual()) throw new ProtocolException("gateway frame has no \"type\" tag");
    String tag = tagNode.asText();
    MessageType type = MessageType.byTag(tag);
    if (type == null) {
      String retired = MessageType.RETIRED_TAGS.contains(tag) ? " (a retired tag; no build sends it)" : "";
      throw new ProtocolException("unknown gateway message type '" + tag + "'" + retired);
    }
    int v = n.path("v").asInt(-1);
    if (v < 1 || v > type.version()) {
      throw new ProtocolException(
          "gateway message '" + tag + "' has version " + v + "; this build reads up to " + type.version());
    }
    JsonNode body = n.get("body");
    if (body == null || !body.isObject()) throw new ProtocolException("gateway message '" + tag + "' has no body object");
    try {
      return M.treeToValue(body, type.recordClass());
    } catch (IOException | IllegalArgumentException e) {
      throw new ProtocolException("gateway message '" + tag + "' v" + v + " cannot be read: " + rootMessage(e), e);
    }
  }

  /**
   * The innermost message, which for a failed record check already names the field
   * ("register.nodeId must not be blank"); Jackson's own errors get the field path in front.
   */
  private static String rootMessage(Throwable e) {
    String path = "";
    Throwable t = e;
    while (true) {
      if (path.isEmpty() && t instanceof JsonMappingException jm) path = path(jm);
      if (t.getCause() == null || t.getCause() == t) break;
      t = t.getCause();
    }
    String m = t instanceof JsonProcessingException jp ? jp.getOriginalMessage() : t.getMessage();
    if (m == null) m = t.getClass().getSimpleName();
    return t instanceof IllegalArgumentException || path.isEmpty() ? m : path + ": " + m;
  }

  private static String path(JsonMappingException e) {
    StringBuilder sb = new StringBuilder();
    for (JsonMappingException.Reference r : e.getPath()) {
      if (r.getFieldName() != null) {
        if (sb.length() > 0) sb.append('.');
        sb.append(r.getFieldName());
      } else if (r.getIndex() >= 0) {
        sb.append('[').append(r.getIndex()).append(']');
      }
    }
    return sb.toString();
  }
}
