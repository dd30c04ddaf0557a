package io.orchestrate.core.codec;

import io.orchestrate.core.command.UnknownCommandException;
import io.orchestrate.core.feature.Feature;

/**
 * How a log entry's payload is encoded, told by its first byte. Entries written before this byte
 * existed are JSON text and start with {@code '{'} (the codec never writes leading whitespace, but
 * JSON's four whitespace bytes are read as JSON too, as they always were). Every other format is a
 * byte that no JSON text can start with (RFC 8259: a control byte outside a string is never valid
 * JSON) followed by the data, so an old entry and a new one can never be taken for each other.
 * A manager reads every format this build knows; it writes one only once the cluster's feature
 * level says every manager reads it ({@link #forLevel}).
 */
public enum EntryFormat {
  /** JSON text, as every entry was before feature level 5: the first byte is {@code '{'}. */
  JSON((byte) '{', null),
  /**
   * Byte {@code 0x01}, then Smile (binary JSON) without Smile's own header and without shared
   * names or values: each command encodes on its own, so a batch splices commands encoded
   * separately (see {@link CommandCodec#encodeBatch}). These settings are part of the format:
   * changing them needs a new format byte.
   */
  SMILE((byte) 0x01, Feature.SMILE_ENTRIES);

  private final byte first;
  private final Feature feature;

  EntryFormat(byte first, Feature feature) {
    this.first = first;
    this.feature = feature;
  }

  /** The first byte of an entry in this format (for JSON, the object's opening brace). */
  public byte firstByte() {
    return first;
  }

  /** The feature that introduces this format, or null for JSON, which every release reads. */
  public Feature feature() {
    return feature;
  }

  /** The format the writers of a cluster at {@code activeLevel} use: the most compact one every manager reads. */
  public static EntryFormat forLevel(int activeLevel) {
    return activeLevel >= Feature.SMILE_ENTRIES.level() ? SMILE : JSON;
  }

  /**
   * The format of {@code entry}; throws {@link UnknownCommandException} for an empty entry or a
   * first byte this build does not know (an entry of a later release, or garbage).
   */
  public static EntryFormat of(byte[] entry) {
    if (entry.length == 0) throw new UnknownCommandException("log entry is not a readable command: it is empty", null);
    return of(entry[0]);
  }

  /** The format an entry starting with {@code first} is in; see {@link #of(byte[])}. */
  public static EntryFormat of(byte first) {
    switch (first) {
      case '{', ' ', '\t', '\n', '\r' -> {
        return JSON;
      }
      case 0x01 -> {
        return SMILE;
      }
      default -> throw new UnknownCommandException(String.format(
          "log entry is not a readable command: its first byte 0x%02X is neither '{' (JSON) nor a format byte this build reads"
              + " (0x01, Smile); an entry of a later release?", first & 0xFF), null);
    }
  }
}
