package io.orchestrate.manager.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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

  /** Copies the archive, transforming (or dropping, when the function answers null) matching entries. */
  private Path rewrite(java.util.function.Predicate<String> match, java.util.function.UnaryOperator<byte[]> f) throws Exception {
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
    }
    Path p = dir.resolve("rewritten-" + System.nanoTime());
    Files.write(p, bytes.toByteArray());
    return p;
  }
}
