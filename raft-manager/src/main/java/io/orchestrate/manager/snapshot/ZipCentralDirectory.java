package io.orchestrate.manager.snapshot;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.Set;

/**
 * The one thing {@link java.util.zip.ZipFile} does not tell: which entries a Unix zip tool
 * stored as symbolic links (host "Unix" in "version made by", file type {@code S_IFLNK} in the
 * high half of the external attributes). Reads only the central directory, which ZipFile has
 * already found and checked, so this reader assumes a well-formed file and fails on anything
 * else.
 */
final class ZipCentralDirectory {
  private static final int EOCD = 0x06054b50;
  private static final int ZIP64_LOCATOR = 0x07064b50;
  private static final int ZIP64_EOCD = 0x06064b50;
  private static final int CEN = 0x02014b50;
  private static final int HOST_UNIX = 3;
  private static final int S_IFMT = 0170000;
  private static final int S_IFLNK = 0120000;
  /** A central directory larger than this is not one this project wrote (a few hundred entries at most). */
  private static final long MAX_CEN_BYTES = 16L << 20;

  private ZipCentralDirectory() {}

  /** Names of the entries marked as symbolic links. */
  static Set<String> symlinks(Path file) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = ch.size();
      int tailLen = (int) Math.min(size, 22 + 0xFFFF);
      ByteBuffer tail = read(ch, size - tailLen, tailLen);
      int eocd = -1;
      for (int i = tailLen - 22; i >= 0; i--) {
        if (tail.getInt(i) == EOCD) {
          eocd = i;
          break;
        }
      }
      if (eocd < 0) throw new IOException("no end of central directory record");
      long cenSize = Integer.toUnsignedLong(tail.getInt(eocd + 12));
      long cenOffset = Integer.toUnsignedLong(tail.getInt(eocd + 16));
      if (cenOffset == 0xFFFFFFFFL || cenSize == 0xFFFFFFFFL) {
        long locator = size - tailLen + eocd - 20;
        ByteBuffer loc = read(ch, locator, 20);
        if (loc.getInt(0) != ZIP64_LOCATOR) throw new IOException("no zip64 end of central directory locator");
        ByteBuffer z = read(ch, loc.getLong(8), 56);
        if (z.getInt(0) != ZIP64_EOCD) throw new IOException("no zip64 end of central directory record");
        cenSize = z.getLong(40);
        cenOffset = z.getLong(48);
      }
      if (cenSize > MAX_CEN_BYTES) throw new IOException("central directory of " + cenSize + " bytes");
      ByteBuffer cen = read(ch, cenOffset, (int) cenSize);
      Set<String> links = new HashSet<>();
      for (int p = 0; p + 46 <= cenSize; ) {
        if (cen.getInt(p) != CEN) throw new IOException("bad central directory header at " + (cenOffset + p));
        int madeBy = Short.toUnsignedInt(cen.getShort(p + 4));
        int nameLen = Short.toUnsignedInt(cen.getShort(p + 28));
        int extraLen = Short.toUnsignedInt(cen.getShort(p + 30));
        int commentLen = Short.toUnsignedInt(cen.getShort(p + 32));
        int mode = cen.getInt(p + 38) >>> 16;
        if ((madeBy >>> 8) == HOST_UNIX && (mode & S_IFMT) == S_IFLNK) {
          byte[] name = new byte[nameLen];
          cen.get(p + 46, name);
          links.add(new String(name, java.nio.charset.StandardCharsets.UTF_8));
        }
        p += 46 + nameLen + extraLen + commentLen;
      }
      return links;
    }
  }

  private static ByteBuffer read(FileChannel ch, long pos, int len) throws IOException {
    if (pos < 0 || len < 0) throw new IOException("offset out of the file");
    ByteBuffer b = ByteBuffer.allocate(len).order(ByteOrder.LITTLE_ENDIAN);
    while (b.hasRemaining()) {
      if (ch.read(b, pos + b.position()) < 0) throw new IOException("central directory past the end of the file");
    }
    return b.flip();
  }
}
