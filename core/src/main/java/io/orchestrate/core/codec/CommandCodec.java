package io.orchestrate.core.codec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orchestrate.core.command.Command;
import io.orchestrate.core.command.CommandBatch;
import io.orchestrate.core.command.CommandResult;
import io.orchestrate.core.command.CommandType;
import io.orchestrate.core.command.UnknownCommandException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Encodes commands as they are written into the Raft log: {@code {"type": TAG, "v": N, "body": {...}}}.
 * Decoding is strict: an unknown tag, a newer version or an unknown field raises
 * {@link UnknownCommandException}, which the state machine treats as fatal.
 */
public final class CommandCodec {
  private static final ObjectMapper M = Json.strict();

  private CommandCodec() {}

  public static byte[] encode(Command c) {
    try {
      return M.writeValueAsBytes(tree(c));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static ObjectNode tree(Command c) {
    ObjectNode n = M.createObjectNode();
    n.put("type", c.type().tag());
    n.put("v", c.type().version());
    if (c instanceof CommandBatch b) {
      ObjectNode body = n.putObject("body");
      ArrayNode arr = body.putArray("commands");
      for (Command inner : b.commands()) arr.add(tree(inner));
    } else {
      n.set("body", M.valueToTree(c));
    }
    return n;
  }

  public static Command decode(byte[] bytes) {
    JsonNode n;
    try {
      n = M.readTree(bytes);
    } catch (IOException e) {
      throw new UnknownCommandException("log entry is not a readable command", e);
    }
    return fromTree(n);
  }

  private static Command fromTree(JsonNode n) {
    String tag = n.path("type").asText(null);
    CommandType type = CommandType.byTag(tag);
    if (type == null) throw new UnknownCommandException("unknown command type '" + tag + "'", null);
    int v = n.path("v").asInt(-1);
    if (v < 1 || v > type.version()) {
      throw new UnknownCommandException(
          "command '" + tag + "' has version " + v + "; this build reads up to " + type.version(), null);
    }
    JsonNode body = n.path("body");
    try {
      if (type == CommandType.BATCH) {
        List<Command> inner = new ArrayList<>();
        for (JsonNode c : body.path("commands")) inner.add(fromTree(c));
        return new CommandBatch(inner);
      }
      return M.treeToValue(body, type.recordClass());
    } catch (IOException | IllegalArgumentException e) {
      throw new UnknownCommandException("command '" + tag + "' v" + v + " cannot be read: " + e.getMessage(), e);
    }
  }

  public static byte[] encodeResult(CommandResult r) {
    return Json.bytes(r);
  }

  public static CommandResult decodeResult(byte[] bytes) {
    return Json.read(bytes, CommandResult.class);
  }
}
