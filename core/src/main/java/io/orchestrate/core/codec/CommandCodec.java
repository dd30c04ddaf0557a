package io.orchestrate.core.codec;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.util.TokenBuffer;
import io.orchestrate.core.command.Command;
import io.orchestrate.core.command.CommandBatch;
import io.orchestrate.core.command.CommandResult;
import io.orchestrate.core.command.CommandType;
import io.orchestrate.core.command.UnknownCommandException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Encodes commands as they are written into the Raft log: {@code {"type": TAG, "v": N, "body": {...}}}.
 * Decoding is strict: an unknown tag, a newer version or an unknown field raises
 * {@link UnknownCommandException}, which the state machine treats as fatal.
 *
 * <p>Every replica decodes every entry, so both directions stream: no intermediate JSON tree, and
 * one Jackson context for a whole batch of commands rather than one per command.
 */
public final class CommandCodec {
  private static final ObjectMapper M = Json.strict();
  private static final JsonFactory F = M.getFactory();
  private static final Map<CommandType, ObjectWriter> WRITERS = new EnumMap<>(CommandType.class);
  private static final ObjectReader READER;

  static {
    for (CommandType t : CommandType.values()) {
      if (t != CommandType.BATCH) WRITERS.put(t, M.writerFor(t.recordClass()));
    }
    ObjectMapper envelopes = M.copy().registerModule(new SimpleModule().addDeserializer(Command.class, new EnvelopeReader()));
    READER = envelopes.readerFor(Command.class);
  }

  private CommandCodec() {}

  public static byte[] encode(Command c) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    try (JsonGenerator g = F.createGenerator(out)) {
      write(g, c);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static final byte[] BATCH_HEAD = ("{\"type\":\"" + CommandType.BATCH.tag() + "\",\"v\":" + CommandType.BATCH.version()
      + ",\"body\":{\"commands\":[").getBytes(java.nio.charset.StandardCharsets.UTF_8);
  private static final byte[] BATCH_TAIL = "]}}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
  /** Bytes a batch envelope adds around its commands (not counting the commas between them). */
  public static final int BATCH_OVERHEAD = BATCH_HEAD.length + BATCH_TAIL.length;

  /**
   * A batch entry from commands already encoded by {@link #encode}: the same bytes as encoding the
   * {@link CommandBatch} itself, without encoding each command again.
   */
  public static byte[] encodeBatch(List<byte[]> encoded) {
    int size = BATCH_OVERHEAD + Math.max(0, encoded.size() - 1);
    for (byte[] e : encoded) size += e.length;
    java.nio.ByteBuffer out = java.nio.ByteBuffer.allocate(size).put(BATCH_HEAD);
    for (int i = 0; i < encoded.size(); i++) {
      if (i > 0) out.put((byte) ',');
      out.put(encoded.get(i));
    }
    return out.put(BATCH_TAIL).array();
  }

  private static void write(JsonGenerator g, Command c) throws IOException {
    g.writeStartObject();
    g.writeStringField("type", c.type().tag());
    g.writeNumberField("v", c.type().version());
    g.writeFieldName("body");
    if (c instanceof CommandBatch b) {
      g.writeStartObject();
      g.writeArrayFieldStart("commands");
      for (Command inner : b.commands()) write(g, inner);
      g.writeEndArray();
      g.writeEndObject();
    } else {
      WRITERS.get(c.type()).writeValue(g, c);
    }
    g.writeEndObject();
  }

  public static Command decode(byte[] bytes) {
    try {
      return READER.readValue(bytes);
    } catch (IOException e) {
      throw new UnknownCommandException("log entry is not a readable command: " + message(e), e);
    }
  }

  private static String message(IOException e) {
    return e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
  }

  /** Reads one envelope at a time; the bodies are read with the same context. */
  private static final class EnvelopeReader extends StdDeserializer<Command> {
    EnvelopeReader() {
      super(Command.class);
    }

    @Override
    public Command deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      if (!p.isExpectedStartObjectToken()) throw new UnknownCommandException("a command must be a JSON object, found " + p.currentToken(), null);
      String tag = null;
      int v = -1;
      Command out = null;
      TokenBuffer early = null; // a body seen before its type and version (not how this codec writes it)
      for (String field = p.nextFieldName(); field != null; field = p.nextFieldName()) {
        p.nextToken();
        switch (field) {
          case "type" -> tag = p.getValueAsString();
          case "v" -> v = p.getValueAsInt(-1);
          case "body" -> {
            if (tag != null && v != -1) {
              out = body(p, ctxt, tag, v);
            } else {
              early = ctxt.bufferAsCopyOfValue(p);
            }
          }
          default -> p.skipChildren();
        }
      }
      if (out != null) return out;
      CommandType type = type(tag, v);
      if (early == null) throw new UnknownCommandException("command '" + tag + "' has no body", null);
      try (JsonParser bp = early.asParser(p.getCodec())) {
        bp.nextToken();
        return body(bp, ctxt, type.tag(), v);
      }
    }

    private Command body(JsonParser p, DeserializationContext ctxt, String tag, int v) throws IOException {
      CommandType type = type(tag, v);
      try {
        if (type == CommandType.BATCH) return batch(p, ctxt);
        return ctxt.readValue(p, type.recordClass());
      } catch (UnknownCommandException e) {
        throw e;
      } catch (IOException | IllegalArgumentException e) {
        String msg = e instanceof IOException io ? message(io) : e.getMessage();
        throw new UnknownCommandException("command '" + tag + "' v" + v + " cannot be read: " + msg, e);
      }
    }

    private CommandBatch batch(JsonParser p, DeserializationContext ctxt) throws IOException {
      if (!p.isExpectedStartObjectToken()) throw new UnknownCommandException("a batch body must be a JSON object", null);
      List<Command> inner = new ArrayList<>();
      for (String field = p.nextFieldName(); field != null; field = p.nextFieldName()) {
        JsonToken t = p.nextToken();
        if (!field.equals("commands")) {
          p.skipChildren();
          continue;
        }
        if (t != JsonToken.START_ARRAY) throw new UnknownCommandException("a batch's commands must be an array", null);
        while (p.nextToken() != JsonToken.END_ARRAY) inner.add(deserialize(p, ctxt));
      }
      return new CommandBatch(inner);
    }
  }

  private static CommandType type(String tag, int v) {
    CommandType type = CommandType.byTag(tag);
    if (type == null) throw new UnknownCommandException("unknown command type '" + tag + "'", null);
    if (v < 1 || v > type.version()) {
      throw new UnknownCommandException(
          "command '" + tag + "' has version " + v + "; this build reads up to " + type.version(), null);
    }
    return type;
  }

  public static byte[] encodeResult(CommandResult r) {
    return Json.bytes(r);
  }

  public static CommandResult decodeResult(byte[] bytes) {
    return Json.read(bytes, CommandResult.class);
  }
}
