package io.orchestrate.worker.driver;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** Reads the last lines of a growing log file without reading the whole file. */
final class LogTail {
  private static final int CHUNK = 8192;

  private LogTail() {}

  /**
   * The last {@code lines} lines of {@code file}, reading at most {@code maxBytes} from its end;
   * a trailing newline does not count as an empty last line.
   */
  static String lastLines(Path file, int lines, int maxBytes) throws IOException {
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
      long end = raf.length();
      long floor = Math.max(0, end - maxBytes);
      long pos = end;
      int newlines = 0;
      long cut = floor;
      // Walk backwards chunk by chunk; stop at the newline that precedes the wanted lines.
      outer:
      while (pos > floor) {
        int len = (int) Math.min(CHUNK, pos - floor);
        pos -= len;
        byte[] buf = new byte[len];
        raf.seek(pos);
        raf.readFully(buf);
        for (int i = len - 1; i >= 0; i--) {
          if (buf[i] != '\n' || pos + i == end - 1) continue;
          if (++newlines == lines) {
            cut = pos + i + 1;
            break outer;
          }
        }
      }
      byte[] out = new byte[(int) (end - cut)];
      raf.seek(cut);
      raf.readFully(out);
      return new String(out, StandardCharsets.UTF_8);
    }
  }
}
