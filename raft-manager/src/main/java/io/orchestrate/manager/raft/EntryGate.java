package io.orchestrate.manager.raft;

import io.orchestrate.core.codec.CommandCodec;
import io.orchestrate.core.command.Command;
import io.orchestrate.core.command.CommandChecks;
import io.orchestrate.core.command.InvalidCommandException;
import io.orchestrate.core.command.UnknownCommandException;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;

/**
 * What the leader lets into the log. Anyone who reaches the Raft port can send a client request,
 * and whatever is appended is applied by every replica, on every restart, forever: an entry that
 * apply cannot read stops the whole cluster for good. So the leader reads and checks each request
 * before it is appended, and refuses it to its sender: too large to replicate, not a command this
 * build writes, or a command that breaks {@link CommandChecks} (the rules the API applies).
 */
final class EntryGate {
  private final int maxEntryBytes;

  EntryGate(int maxEntryBytes) {
    this.maxEntryBytes = maxEntryBytes;
  }

  /** The command in {@code data}, checked; throws {@link RefusedEntryException} saying why not. */
  Command admit(ByteString data) throws RefusedEntryException {
    if (data.size() > maxEntryBytes) {
      throw new RefusedEntryException(RefusedEntryException.Reason.TOO_LARGE,
          "entry of " + data.size() + " bytes is larger than the limit of " + maxEntryBytes + " bytes (--max-entry-bytes)");
    }
    Command c;
    try {
      c = CommandCodec.decode(data.toByteArray());
    } catch (UnknownCommandException e) {
      throw new RefusedEntryException(RefusedEntryException.Reason.UNREADABLE, "refused: " + e.getMessage());
    }
    try {
      return CommandChecks.requireValid(c);
    } catch (InvalidCommandException e) {
      throw new RefusedEntryException(RefusedEntryException.Reason.INVALID, e.getMessage());
    }
  }
}
