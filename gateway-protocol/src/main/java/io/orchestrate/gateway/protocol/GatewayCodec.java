package io.orchestrate.gateway.protocol;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.util.TokenBuffer;
import io.orchestrate.core.codec.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.EnumMap;
import java.util.Map;

/**
 * Encodes one gateway message as JSON: {@code {"type": TAG, "v": N, "body": {...}}}, with core's
 * strict mapper. Decoding is strict too: an unknown tag, a newer version, an unknown field or a
 * field that fails the record's checks raises {@link ProtocolException} naming what was wrong.
 *
 * <p>Both directions stream, with no intermediate JSON tree: a leader reads a heartbeat from every
 * worker every interval, and building a tree first and binding it second doubled that work.
 */
public final class GatewayCodec {
  private static final ObjectMapper M = Json.strict();
  private static final JsonFactory F = M.getFactory();
  private static final Map<MessageType, ObjectReader> READERS = new EnumMap<>(MessageType.class);
  private static final Map<MessageType, ObjectWriter> WRITERS = new EnumMap<>(MessageType.class);

  static {
    for (MessageType t : MessageType.values()) {
      // The body is one value inside the envelope: what follows it is the envelope's, checked below.
      READERS.put(t, M.readerFor(t.recordClass()).without(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS));
      WRITERS.put(t, M.writerFor(t.recordClass()));
    }
  }

  private GatewayCodec() {}

  public static byte[] encode(GatewayMessage message) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(128);
    try (JsonGenerator g = F.createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("type", message.type().tag());
      g.writeNumberField("v", message.wireVersion());
      g.writeFieldName("body");
      WRITERS.get(message.type()).writeValue(g, message);
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  public static GatewayMessage decode(byte[] bytes) {
    try (JsonParser p = F.createParser(bytes)) {
      if (p.nextToken() != JsonToken.START_OBJECT) throw new ProtocolException("gateway frame is not a JSON object");
      String tag = null;
      int v = -1;
      TokenBuffer early = null; // a body before its type and version (not how this codec writes it)
      GatewayMessage out = null;
      boolean sawBody = false;
      for (String field = p.nextFieldName(); field != null; field = p.nextFieldName()) {
        JsonToken t = p.nextToken();
        switch (field) {
          case "type" -> tag = t == JsonToken.VALUE_STRING ? p.getText() : null;
          case "v" -> v = t == JsonToken.VALUE_NUMBER_INT ? p.getIntValue() : -1;
          case "body" -> {
            sawBody = t == JsonToken.START_OBJECT;
            if (!sawBody) {
              p.skipChildren();
            } else if (tag != null && v != -1) {
              out = body(p, tag, v);
            } else {
              early = TokenBuffer.asCopyOfValue(p);
            }
          }
          default -> p.skipChildren();
        }
      }
      if (p.nextToken() != null) throw new ProtocolException("gateway frame is not JSON: content after the message object");
      if (out != null) return out;
      MessageType type = type(tag, v);
      if (!sawBody || early == null) throw new ProtocolException("gateway message '" + tag + "' has no body object");
      try (JsonParser bp = early.asParser(p.getCodec())) {
        bp.nextToken();
        return body(bp, type.tag(), v);
      }
    } catch (StreamReadException e) {
      throw new ProtocolException("gateway frame is not JSON: " + rootMessage(e), e);
    } catch (IOException e) {
      throw new ProtocolException("gateway frame cannot be read: " + rootMessage(e), e);
    }
  }

  private static MessageType type(String tag, int v) {
    if (tag == null) throw new ProtocolException("gateway frame has no \"type\" tag");
    MessageType type = MessageType.byTag(tag);
    if (type == null) {
      String retired = MessageType.RETIRED_TAGS.contains(tag) ? " (a retired tag; no build sends it)" : "";
      throw new ProtocolException("unknown gateway message type '" + tag + "'" + retired);
    }
    if (v < 1 || v > type.version()) {
      throw new ProtocolException(
          "gateway message '" + tag + "' has version " + v + "; this build reads up to " + type.version());
    }
    return type;
  }

  private static GatewayMessage body(JsonParser p, String tag, int v) throws IOException {
    MessageType type = type(tag, v);
    try {
      return READERS.get(type).readValue(p);
    } catch (IOException | IllegalArgumentException e) {
      // Broken JSON inside the body reaches here wrapped with the field path; it is still broken JSON.
      for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
        if (t instanceof StreamReadException) throw new ProtocolException("gateway frame is not JSON: " + rootMessage(e), e);
      }
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
