package io.orchestrate.manager.raft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.orchestrate.core.codec.CommandCodec;
import io.orchestrate.core.codec.EntryFormat;
import io.orchestrate.core.command.StopJob;
import java.util.Set;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.junit.jupiter.api.Test;

/** What the leader lets into the log by format: JSON at every level, Smile from level 5, nothing else. */
class EntryGateFormatTest {
  private final EntryGate gate = new EntryGate(1 << 20);
  private static final StopJob STOP = new StopJob("j-1", 1_700_000_000_000L);

  private static ByteString entry(EntryFormat f) {
    return ByteString.copyFrom(CommandCodec.encode(STOP, f));
  }

  @Test
  void jsonIsAdmittedAtEveryLevelAndSmileOnlyFromLevelFive() throws Exception {
    for (int level = 1; level <= 5; level++) assertThat(gate.admit(entry(EntryFormat.JSON), level, Set::of)).isEqualTo(STOP);
    assertThat(gate.admit(entry(EntryFormat.SMILE), 5, Set::of)).isEqualTo(STOP);
    assertThatThrownBy(() -> gate.admit(entry(EntryFormat.SMILE), 4, Set::of))
        .isInstanceOfSatisfying(RefusedEntryException.class, e -> assertThat(e.reason()).isEqualTo(RefusedEntryException.Reason.FEATURE_LEVEL))
        .hasMessage("a log entry in the Smile format needs cluster feature level 5; the cluster is at 4:"
            + " run `orchestrate cluster features upgrade` once every manager runs this release");
  }

  @Test
  void anUnknownFormatByteIsRefusedAsUnreadable() {
    byte[] b = CommandCodec.encode(STOP, EntryFormat.SMILE);
    b[0] = (byte) 0x9C;
    assertThatThrownBy(() -> gate.admit(ByteString.copyFrom(b), 5, Set::of))
        .isInstanceOfSatisfying(RefusedEntryException.class, e -> assertThat(e.reason()).isEqualTo(RefusedEntryException.Reason.UNREADABLE))
        .hasMessageStartingWith("refused: log entry is not a readable command: its first byte 0x9C is neither '{' (JSON)");
    assertThatThrownBy(() -> gate.admit(ByteString.EMPTY, 5, Set::of)).isInstanceOf(RefusedEntryException.class).hasMessageContaining("empty");
  }
}
