package io.orchestrate.core.codec;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Records in the managers' store (jobs, tasks, nodes, managers, tokens), in the formats of log
 * entries ({@link EntryFormat}): JSON text as every release wrote them, or, once the cluster's
 * feature level says every manager reads it, the Smile format byte followed by Smile. A store holds
 * both after an upgrade in place (records written before the raise stay JSON until rewritten), so
 * each record is read by its own first byte. Both encodings are deterministic, and every replica
 * writes a record in the format of the level where the entry applies, so replicas' stores, and
 * their digests, stay byte for byte equal.
 */
public final class StoredRecords {
  private StoredRecords() {}

  public static byte[] bytes(Object value, EntryFormat format) {
    if (format == EntryFormat.JSON) return Json.bytes(value);
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    out.write(format.firstByte());
    try {
      Json.smile().writeValue(out, value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /**
   * The record {@code value} as {@code type}; {@code where} names it (column family and key) in the
   * error a record of no known format or an unreadable one raises, which stops the manager's start.
   */
  public static <T> T read(byte[] value, Class<T> type, String where) {
    EntryFormat format;
    try {
      format = EntryFormat.of(value);
    } catch (RuntimeException e) {
      throw new IllegalStateException(String.format("stored record %s is in no format this build reads: %s", where,
          value.length == 0 ? "it is empty" : String.format("its first byte is 0x%02X", value[0] & 0xFF)), e);
    }
    try {
      return format == EntryFormat.JSON ? Json.strict().readValue(value, type) : Json.smile().readValue(value, 1, value.length - 1, type);
    } catch (IOException e) {
      throw new IllegalStateException("stored record " + where + " cannot be read as " + format + ": " + e.getMessage(), e);
    }
  }
}
