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
 * Encodes commands as they are written into the Raft log: {@code {"type": TAG, "v": N, "body": {...}}},
 * as JSON text or, behind a format byte, as Smile ({@link EntryFormat}). Decoding reads both, told
 * apart by the entry's first byte, and is strict: an unknown format byte, tag, a newer version or
 * an unknown field raises {@link UnknownCommandException}, which the state machine treats as fatal.
 *
 * <p>Every replica decodes every entry, so both directions stream: no intermediate JSON tree, and
 * one Jackson context for a whole batch of commands rather than one per command.
 */
public final class CommandCodec {
  private static final Codec JSON = new Codec(Json.strict());

  /** The Smile side, built on first use: a process that never meets a Smile entry does not pay for its mapper. */
  private static final class SmileCodec {
    static final Codec SMILE = new Codec(Json.smile());
  }

  /** One format's writers, reader and batch envelope. */
  private static final class Codec {
    final JsonFactory factory;
    final Map<CommandType, ObjectWriter> writers = new EnumMap<>(CommandType.class);
    final ObjectReader reader;
    /** A batch envelope up to its first command and after its last, in this format (without a format byte). */
    final byte[] batchHead;
    final byte[] batchTail;

    Codec(ObjectMapper m) {
      factory = m.getFactory();
      for (CommandType t : CommandType.values()) {
        if (t != CommandType.BATCH) writers.put(t, m.writerFor(t.recordClass()));
      }
      reader = m.copy().registerModule(new SimpleModule().addDeserializer(Command.class, new EnvelopeReader())).readerFor(Command.class);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      try (JsonGenerator g = factory.createGenerator(out)) {
        g.writeStartObject();
        g.writeStringField("type", CommandType.BATCH.tag());
        g.writeNumberField("v", CommandType.BATCH.version());
        g.writeFieldName("body");
        g.writeStartObject();
        g.writeFieldName("commands");
        g.writeStartArray();
        g.flush();
        batchHead = out.toByteArray();
        g.writeEndArray();
        g.writeEndObject();
        g.writeEndObject();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      byte[] all = out.toByteArray();
      batchTail = java.util.Arrays.copyOfRange(all, batchHead.length, all.length);
    }
  }

  private CommandCodec() {}

  /** The command as a JSON entry, as every release writes and reads it. */
  public static byte[] encode(Command c) {
    return encode(c, EntryFormat.JSON);
  }

  /** The command as an entry in {@code format}; a Smile entry starts with its format byte. */
  public static byte[] encode(Command c, EntryFormat format) {
    Codec codec = codec(format);
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    if (format != EntryFormat.JSON) out.write(format.firstByte());
    try (JsonGenerator g = codec.factory.createGenerator(out)) {
      write(codec, g, c);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static Codec codec(EntryFormat f) {
    return f == EntryFormat.SMILE ? SmileCodec.SMILE : JSON;
  }

  /**
   * Bytes a JSON batch envelope adds around its commands (not counting the commas between them).
   * A Smile batch adds less (its envelope is shorter, it has no separators, and its commands lose
   * their format bytes), so each command's encoded size plus one for each but the first, plus this,
   * is never less than a batch entry's size in either format.
   */
  public static final int BATCH_OVERHEAD = JSON.batchHead.length + JSON.batchTail.length;

  /**
   * A batch entry from commands already encoded by {@link #encode} in one format: the same bytes as
   * encoding the {@link CommandBatch} itself in that format, without encoding each command again.
   */
  public static byte[] encodeBatch(List<byte[]> encoded) {
    EntryFormat format = encoded.isEmpty() ? EntryFormat.JSON : EntryFormat.of(encoded.get(0));
    Codec codec = codec(format);
    boolean json = format == EntryFormat.JSON;
    // JSON separates commands with commas; Smile needs no separator, and each command's format byte goes.
    int skip = json ? 0 : 1;
    int size = (json ? 0 : 1) + codec.batchHead.length + codec.batchTail.length + (json ? Math.max(0, encoded.size() - 1) : 0);
    for (byte[] e : encoded) {
      if (EntryFormat.of(e) != format) {
        throw new IllegalArgumentException("a batch's commands must share one format: " + format + " and " + EntryFormat.of(e));
      }
      size += e.length - skip;
    }
    java.nio.ByteBuffer out = java.nio.ByteBuffer.allocate(size);
    if (!json) out.put(format.firstByte());
    out.put(codec.batchHead);
    for (int i = 0; i < encoded.size(); i++) {
      if (json && i > 0) out.put((byte) ',');
      byte[] e = encoded.get(i);
      out.put(e, skip, e.length - skip);
    }
    return out.put(codec.batchTail).array();
  }

  private static void write(Codec codec, JsonGenerator g, Command c) throws IOException {
    g.writeStartObject();
    g.writeStringField("type", c.type().tag());
    g.writeNumberField("v", c.type().version());
    g.writeFieldName("body");
    if (c instanceof CommandBatch b) {
      g.writeStartObject();
      g.writeArrayFieldStart("commands");
      for (Command inner : b.commands()) write(codec, g, inner);
      g.writeEndArray();
      g.writeEndObject();
    } else {
      codec.writers.get(c.type()).writeValue(g, c);
    }
    g.writeEndObject();
  }

  /** The command in a log entry of any format this build reads. */
  public static Command decode(byte[] bytes) {
    EntryFormat format = EntryFormat.of(bytes);
    try {
      return format == EntryFormat.JSON ? JSON.reader.readValue(bytes) : codec(format).reader.readValue(bytes, 1, bytes.length - 1);
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
