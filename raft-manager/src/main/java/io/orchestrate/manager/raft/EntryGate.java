package io.orchestrate.manager.raft;

import io.orchestrate.core.codec.CommandCodec;
import io.orchestrate.core.codec.EntryFormat;
import io.orchestrate.core.command.Command;
import io.orchestrate.core.command.CommandChecks;
import io.orchestrate.core.command.InvalidCommandException;
import io.orchestrate.core.command.SetFeatureLevel;
import io.orchestrate.core.command.UnknownCommandException;
import io.orchestrate.core.feature.FeatureUse;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;

/**
 * What the leader lets into the log. Anyone who reaches the Raft port can send a client request,
 * and whatever is appended is applied by every replica, on every restart, forever: an entry that
 * apply cannot read stops the whole cluster for good. So the leader reads and checks each request
 * before it is appended, and refuses it to its sender: too large to replicate, not a command this
 * build writes, a command that breaks {@link CommandChecks} (the rules the API applies), or one that
 * uses a feature above the cluster's active level ({@link FeatureUse}), the entry's encoding
 * ({@link EntryFormat}) included: a manager of an earlier release may still be a member and could
 * not read it.
 *
 * <p>The level checked is this leader's applied one. It never falls, and an entry admitted now is
 * appended after everything applied so far, so the level where it applies is at least this one.
 */
final class EntryGate {
  private final int maxEntryBytes;

  EntryGate(int maxEntryBytes) {
    this.maxEntryBytes = maxEntryBytes;
  }

  /** The command in {@code data}, checked; throws {@link RefusedEntryException} saying why not. */
  Command admit(ByteString data, int activeLevel, Supplier<Set<String>> voters) throws RefusedEntryException {
    if (data.size() > maxEntryBytes) {
      throw new RefusedEntryException(RefusedEntryException.Reason.TOO_LARGE,
          "entry of " + data.size() + " bytes is larger than the limit of " + maxEntryBytes + " bytes (--max-entry-bytes)");
    }
    byte[] bytes = data.toByteArray();
    Command c;
    try {
      // The format first: an entry in a format above the level is refused even if this build reads it.
      FeatureUse format = FeatureUse.above(EntryFormat.of(bytes), activeLevel);
      if (format != null) throw new RefusedEntryException(RefusedEntryException.Reason.FEATURE_LEVEL, format.refusal(activeLevel));
      c = CommandCodec.decode(bytes);
    } catch (UnknownCommandException e) {
      throw new RefusedEntryException(RefusedEntryException.Reason.UNREADABLE, "refused: " + e.getMessage());
    }
    try {
      CommandChecks.requireValid(c);
    } catch (InvalidCommandException e) {
      throw new RefusedEntryException(RefusedEntryException.Reason.INVALID, e.getMessage());
    }
    FeatureUse above = FeatureUse.above(c, activeLevel);
    if (above != null) throw new RefusedEntryException(RefusedEntryException.Reason.FEATURE_LEVEL, above.refusal(activeLevel));
    if (c instanceof SetFeatureLevel s && !s.initial()) {
      Set<String> now;
      try {
        now = voters.get();
      } catch (RuntimeException e) {
        throw new RefusedEntryException(RefusedEntryException.Reason.FEATURE_LEVEL, "cannot read the voting members: " + e.getMessage());
      }
      checkVoters(s, now);
    }
    return c;
  }

  /**
   * A raise must list exactly the current voters: apply checks each listed voter's level, so one
   * left out (an old manager, say) would go unchecked. What each voter supports is the leader's
   * report; this gate cannot ask them.
   */
  private static void checkVoters(SetFeatureLevel s, Set<String> voters) throws RefusedEntryException {
    if (!s.voters().keySet().equals(voters)) {
      throw new RefusedEntryException(RefusedEntryException.Reason.FEATURE_LEVEL, "a feature level change must list every voting manager "
          + new TreeSet<>(voters) + " and no other, but lists " + s.voters().keySet() + "; the voters changed meanwhile? run it again");
    }
  }
}
