package io.orchestrate.manager.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The snapshot file format: round trip, and each way a file can be wrong. */
class SnapshotArchiveTest {
  @TempDir Path dir;
  private Path file;
  private SnapshotManifest written;

  @BeforeEach
  void write() throws Exception {
    Path cp = Files.createDirectories(dir.resolve("cp"));
    Files.writeString(cp.resolve("CURRENT"), "MANIFEST-000001\n");
    Files.write(cp.resolve("000001.sst"), new byte[10_000]);
    file = dir.resolve("s.snapshot");
    try (OutputStream out = Files.newOutputStream(file)) {
      written = SnapshotArchive.write(cp, new SnapshotManifest(null, 0, "prod", "m2", 42, 3, "2026-01-01T00:00:00Z", null, null), out);
    }
  }

  @Test
  void roundTripExtractsEveryFileByteForByte() throws Exception {
    SnapshotManifest m = SnapshotArchive.extract(file, dir.resolve("out"));
    assertThat(m).isEqualTo(written);
    assertThat(m.files()).extracting(SnapshotManifest.FileEntry::name).containsExactly("000001.sst", "CURRENT");
    assertThat(Files.readAllBytes(dir.resolve("out/000001.sst"))).isEqualTo(new byte[10_000]);
    assertThat(m.sha256()).hasSize(64);
  }

  @Test
  void anEditedManifestFieldFailsTheChecksum() throws Exception {
    Path edited = rewrite(name -> name.equals(SnapshotArchive.MANIFEST),
        b -> new String(b, StandardCharsets.UTF_8).replace("\"appliedIndex\" : 42", "\"appliedIndex\" : 43").getBytes(StandardCharsets.UTF_8));
    assertThatThrownBy(() -> SnapshotArchive.verify(edited)).isInstanceOf(InvalidSnapshotException.class).hasMessageContaining("SHA-256");
  }

  @Test
  void aChangedFileFailsTheChecksum() throws Exception {
    Path edited = rewrite(name -> name.equals("db/000001.sst"), b -> {
      b[5000] = 1;
      return b;
    });
    assertThatThrownBy(() -> SnapshotArchive.verify(edited)).isInstanceOf(InvalidSnapshotException.class).hasMessageContaining("corrupted");
  }

  @Test
  void aMissingFileOrAStrayOneIsRefused() throws Exception {
    Path missing = rewrite(name -> name.equals("db/CURRENT"), b -> null);
    assertThatThrownBy(() -> SnapshotArchive.verify(missing)).hasMessageContaining("db/CURRENT is missing");
  }

  @Test
  void somethingElseEntirelyIsRefused() throws Exception {
    Path other = dir.resolve("other");
    Files.writeString(other, "hello");
    assertThatThrownBy(() -> SnapshotArchive.verify(other)).hasMessageContaining("truncated or corrupted");
    assertThatThrownBy(() -> SnapshotArchive.verify(dir.resolve("absent"))).hasMessageContaining("does not exist");
  }

  @Test
  void anEntryThatInflatesPastItsDeclaredSizeIsCutOffThere() throws Exception {
    // The central directory and the manifest both say 10,000 bytes; the data inflates to 64 MiB.
    Path bomb = rewrite(name -> name.equals("db/000001.sst"), b -> new byte[64 << 20]);
    byte[] zip = Files.readAllBytes(bomb);
    patchCentral(zip, "db/000001.sst", 24, 4, 10_000);
    Files.write(bomb, zip);
    Path out = dir.resolve("out");

    assertThatThrownBy(() -> SnapshotArchive.extract(bomb, out)).isInstanceOf(InvalidSnapshotException.class)
        .hasMessageContaining("db/000001.sst inflates past the 10000 bytes its manifest declares");
    assertThat(bytesUnder(out)).as("bytes written before the refusal").isLessThanOrEqualTo(10_001);
  }

  @Test
  void anEntryWhoseDeclaredSizeDisagreesWithTheManifestIsRefusedBeforeWriting() throws Exception {
    Path bigger = rewrite(name -> name.equals("db/000001.sst"), b -> new byte[1 << 20]);
    Path out = dir.resolve("out");
    assertThatThrownBy(() -> SnapshotArchive.extract(bigger, out))
        .hasMessageContaining("db/000001.sst declares 1048576 bytes, the manifest says 10000");
    assertThat(out).doesNotExist();
  }

  @Test
  void aManifestDeclaringMoreThanTheLimitIsRefusedBeforeWriting() {
    Path out = dir.resolve("out");
    assertThatThrownBy(() -> SnapshotArchive.extract(file, out, new SnapshotArchive.Limits(5_000, 10)))
        .hasMessageContaining("declares more than 5000 bytes of files, over the limit for a snapshot; nothing was written");
    assertThat(out).doesNotExist();
    assertThatThrownBy(() -> SnapshotArchive.extract(file, out, new SnapshotArchive.Limits(1 << 20, 1)))
        .hasMessageContaining("lists 2 files; at most 1 are accepted");
  }

  @Test
  void entriesWithUnsafePathsAreRefusedByName() throws Exception {
    for (String evil : new String[] {"../evil", "db/../../evil", "/etc/evil", "db\\..\\evil"}) {
      Path withEvil = rewrite(name -> name.equals("db/CURRENT"), b -> b, evil, "x".getBytes(StandardCharsets.UTF_8));
      Path out = dir.resolve("out");
      assertThatThrownBy(() -> SnapshotArchive.extract(withEvil, out)).as(evil)
          .hasMessageContaining("holds an entry with an unsafe path '" + evil + "'");
      assertThat(out).doesNotExist();
      assertThat(dir.resolveSibling("evil")).doesNotExist();
    }
  }

  @Test
  void aManifestNamingAParentDirectoryIsRefused() throws Exception {
    Path edited = rewrite(name -> name.equals(SnapshotArchive.MANIFEST),
        b -> new String(b, StandardCharsets.UTF_8).replace("\"CURRENT\"", "\"..\"").getBytes(StandardCharsets.UTF_8));
    assertThatThrownBy(() -> SnapshotArchive.extract(edited, dir.resolve("out")))
        .hasMessageContaining("its manifest names a file '..'");
    assertThat(dir.resolve("out")).doesNotExist();
  }

  @Test
  void anEntryStoredAsASymbolicLinkIsRefused() throws Exception {
    byte[] zip = Files.readAllBytes(file);
    patchCentral(zip, "db/CURRENT", 4, 2, (3 << 8) | 20); // made by: Unix
    patchCentral(zip, "db/CURRENT", 38, 4, 0120777 << 16); // external attributes: S_IFLNK, rwxrwxrwx
    Path link = dir.resolve("link.snapshot");
    Files.write(link, zip);
    assertThatThrownBy(() -> SnapshotArchive.extract(link, dir.resolve("out")))
        .hasMessageContaining("holds db/CURRENT as a symbolic link; a snapshot holds regular files only");
    assertThat(dir.resolve("out")).doesNotExist();
    // The unpatched file passes the same check.
    assertThat(SnapshotArchive.verify(file)).isEqualTo(written);
  }

  /** Overwrites a little-endian field of {@code name}'s central directory header. */
  private static void patchCentral(byte[] zip, String name, int offset, int width, long value) {
    byte[] n = name.getBytes(StandardCharsets.UTF_8);
    ByteBuffer b = ByteBuffer.wrap(zip).order(ByteOrder.LITTLE_ENDIAN);
    for (int p = 0; p + 46 + n.length <= zip.length; p++) {
      if (b.getInt(p) == 0x02014b50 && Short.toUnsignedInt(b.getShort(p + 28)) == n.length
          && Arrays.equals(Arrays.copyOfRange(zip, p + 46, p + 46 + n.length), n)) {
        if (width == 2) b.putShort(p + offset, (short) value);
        else b.putInt(p + offset, (int) value);
        return;
      }
    }
    throw new AssertionError("no central directory header for " + name);
  }

  private static long bytesUnder(Path root) throws Exception {
    if (!Files.exists(root)) return 0;
    try (var walk = Files.walk(root)) {
      long total = 0;
      for (Path p : (Iterable<Path>) walk::iterator) if (Files.isRegularFile(p)) total += Files.size(p);
      return total;
    }
  }

  /** Copies the archive, transforming (or dropping, when the function answers null) matching entries. */
  private Path rewrite(java.util.function.Predicate<String> match, java.util.function.UnaryOperator<byte[]> f) throws Exception {
    return rewrite(match, f, null, null);
  }

  /** As {@link #rewrite(java.util.function.Predicate, java.util.function.UnaryOperator)}, adding one entry at the end. */
  private Path rewrite(java.util.function.Predicate<String> match, java.util.function.UnaryOperator<byte[]> f, String extraName, byte[] extra)
      throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(Files.readAllBytes(file)));
         ZipOutputStream out = new ZipOutputStream(bytes)) {
      for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
        byte[] b = in.readAllBytes();
        if (match.test(e.getName())) b = f.apply(b);
        if (b == null) continue;
        out.putNextEntry(new ZipEntry(e.getName()));
        out.write(b);
        out.closeEntry();
      }
      if (extraName != null) {
        out.putNextEntry(new ZipEntry(extraName));
        out.write(extra);
        out.closeEntry();
      }
    }
    Path p = dir.resolve("rewritten-" + System.nanoTime());
    Files.write(p, bytes.toByteArray());
    return p;
  }
}
