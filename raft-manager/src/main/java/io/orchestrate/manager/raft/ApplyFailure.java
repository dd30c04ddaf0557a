package io.orchestrate.manager.raft;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;

/**
 * A committed log entry that this manager could not apply. Applying is deterministic, so every
 * replica fails on the same entry, and again on every restart: the manager stops with this
 * message (exit {@link #EXIT_CODE}) instead of serving a state that silently skipped a decision.
 * The way out is the runbook {@code ops/runbooks/unappliable-entry.md}: check the index and checksum
 * on every manager, and start each once with {@code --skip-entry INDEX}.
 *
 * @param term    the entry's term
 * @param index   the entry's log index
 * @param bytes   the entry's size
 * @param sha256  the entry's checksum, so an operator can tell it is the same entry on every replica
 * @param error   what apply threw
 */
public record ApplyFailure(long term, long index, int bytes, String sha256, String error) {
  /** EX_SOFTWARE from sysexits.h: an internal error, so a supervisor does not take it for a clean stop. */
  public static final int EXIT_CODE = 70;

  static ApplyFailure of(long term, long index, ByteString data, Throwable e) {
    return new ApplyFailure(term, index, data.size(), sha256(data),
        e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
  }

  public String message() {
    return "cannot apply committed log entry " + index + " (term " + term + ", " + bytes + " bytes, sha256 " + sha256 + "): "
        + error + ". This manager stops; every replica stops at the same entry. See the runbook "
        + "ops/runbooks/unappliable-entry.md (--skip-entry " + index + " on every manager).";
  }

  static String sha256(ByteString data) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      md.update(data.asReadOnlyByteBuffer());
      return HexFormat.of().formatHex(md.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
