package io.orchestrate.manager.snapshot;

import io.orchestrate.core.codec.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * The snapshot file: a zip whose first entry is {@code manifest.json} and whose other entries are
 * the RocksDB checkpoint's files under {@code db/}, in the manifest's order. The manifest's
 * SHA-256 covers its own identifying fields and every file's name, size and bytes, so any
 * flipped byte, missing file or edited manifest field is found before anything is written.
 * Reading goes through the zip's central directory, which sits at the end: a truncated file has
 * none and is refused as such.
 */
public final class SnapshotArchive {
  public static final String MANIFEST = "manifest.json";
  private static final String DB = "db/";
  private static final Pattern FILE_NAME = Pattern.compile("[A-Za-z0-9._-]{1,128}");

  private SnapshotArchive() {}

  /**
   * Writes {@code checkpointDir}'s files with a manifest built from {@code header} (whose files
   * and checksum are filled here). Returns the manifest written.
   */
  public static SnapshotManifest write(Path checkpointDir, SnapshotManifest header, OutputStream out) throws IOException {
    List<SnapshotManifest.FileEntry> files = new ArrayList<>();
    try (Stream<Path> s = Files.list(checkpointDir)) {
      for (Path f : (Iterable<Path>) s.sorted()::iterator) {
        if (Files.isRegularFile(f)) files.add(new SnapshotManifest.FileEntry(f.getFileName().toString(), Files.size(f)));
      }
    }
    SnapshotManifest m = new SnapshotManifest(SnapshotManifest.FORMAT, SnapshotManifest.VERSION, header.clusterName(),
        header.managerId(), header.appliedIndex(), header.term(), header.createdAt(), files, null);
    MessageDigest md = start(m);
    for (SnapshotManifest.FileEntry f : files) {
      addFile(md, f);
      try (InputStream in = Files.newInputStream(checkpointDir.resolve(f.name()))) {
        in.transferTo(new DigestSink(md));
      }
    }
    m = m.withSha256(HexFormat.of().formatHex(md.digest()));
    try (ZipOutputStream zip = new ZipOutputStream(out)) {
      zip.putNextEntry(new ZipEntry(MANIFEST));
      zip.write(Json.pretty(m).getBytes(StandardCharsets.UTF_8));
      zip.closeEntry();
      for (SnapshotManifest.FileEntry f : files) {
        zip.putNextEntry(new ZipEntry(DB + f.name()));
        Files.copy(checkpointDir.resolve(f.name()), zip);
        zip.closeEntry();
      }
    }
    return m;
  }

  /** Checks the whole file without writing anything; returns its manifest. */
  public static SnapshotManifest verify(Path file) throws InvalidSnapshotException {
    return read(file, null);
  }

  /**
   * Checks the whole file, extracting the checkpoint into {@code target} (which must not exist)
   * as it goes; the caller deletes {@code target} if this throws.
   */
  public static SnapshotManifest extract(Path file, Path target) throws InvalidSnapshotException {
    return read(file, target);
  }

  private static SnapshotManifest read(Path file, Path target) throws InvalidSnapshotException {
    try (ZipFile zip = new ZipFile(file.toFile())) {
      ZipEntry me = zip.getEntry(MANIFEST);
      if (me == null) throw new InvalidSnapshotException(file + " is not an orchestrate snapshot: it has no " + MANIFEST);
      SnapshotManifest m;
      try (InputStream in = zip.getInputStream(me)) {
        m = Json.lenient().readValue(in.readNBytes(1 << 20), SnapshotManifest.class);
      } catch (IOException | RuntimeException e) {
        throw new InvalidSnapshotException(file + " is corrupted: its " + MANIFEST + " cannot be read (" + e.getMessage() + ")");
      }
      checkManifest(file, m);
      Set<String> expected = new HashSet<>();
      for (SnapshotManifest.FileEntry f : m.files()) expected.add(DB + f.name());
      for (Enumeration<? extends ZipEntry> en = zip.entries(); en.hasMoreElements(); ) {
        String name = en.nextElement().getName();
        if (!name.equals(MANIFEST) && !expected.contains(name)) {
          throw new InvalidSnapshotException(file + " is corrupted: it holds " + name + ", which its manifest does not list");
        }
      }
      if (target != null) Files.createDirectories(target);
      MessageDigest md = start(m);
      for (SnapshotManifest.FileEntry f : m.files()) {
        ZipEntry e = zip.getEntry(DB + f.name());
        if (e == null) throw new InvalidSnapshotException(file + " is truncated or corrupted: " + DB + f.name() + " is missing");
        addFile(md, f);
        long n;
        try (InputStream in = zip.getInputStream(e)) {
          OutputStream sink = new DigestSink(md);
          if (target != null) {
            try (OutputStream o = Files.newOutputStream(target.resolve(f.name()))) {
              n = in.transferTo(new Tee(sink, o));
            }
          } else {
            n = in.transferTo(sink);
          }
        } catch (ZipException | java.io.EOFException ex) {
          throw new InvalidSnapshotException(file + " is corrupted: " + DB + f.name() + " cannot be read (" + ex.getMessage() + ")");
        }
        if (n != f.size()) {
          throw new InvalidSnapshotException(file + " is corrupted: " + DB + f.name() + " has " + n + " bytes, the manifest says " + f.size());
        }
      }
      String sum = HexFormat.of().formatHex(md.digest());
      if (!sum.equals(m.sha256())) {
        throw new InvalidSnapshotException(file + " is corrupted: its content's SHA-256 is " + sum + " but the manifest says " + m.sha256());
      }
      return m;
    } catch (NoSuchFileException e) {
      throw new InvalidSnapshotException("snapshot file " + file + " does not exist");
    } catch (ZipException e) {
      throw new InvalidSnapshotException(file + " is truncated or corrupted: it is not a complete snapshot archive (" + e.getMessage() + ")");
    } catch (IOException e) {
      if (!Files.exists(file)) throw new InvalidSnapshotException("snapshot file " + file + " does not exist");
      throw new InvalidSnapshotException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  private static void checkManifest(Path file, SnapshotManifest m) throws InvalidSnapshotException {
    if (!SnapshotManifest.FORMAT.equals(m.format())) {
      throw new InvalidSnapshotException(file + " is not an orchestrate snapshot (format '" + m.format() + "')");
    }
    if (m.version() != SnapshotManifest.VERSION) {
      throw new InvalidSnapshotException(file + " has snapshot format version " + m.version() + "; this build reads version " + SnapshotManifest.VERSION);
    }
    if (m.clusterName() == null || m.sha256() == null || m.appliedIndex() <= 0 || m.files().isEmpty()) {
      throw new InvalidSnapshotException(file + " is corrupted: its manifest lacks clusterName, appliedIndex, files or sha256");
    }
    for (SnapshotManifest.FileEntry f : m.files()) {
      if (f.name() == null || !FILE_NAME.matcher(f.name()).matches()) {
        throw new InvalidSnapshotException(file + " is corrupted: its manifest names a file '" + f.name() + "'");
      }
    }
  }

  private static MessageDigest start(SnapshotManifest m) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      String header = m.format() + "/" + m.version() + "\n" + m.clusterName() + "\n" + m.managerId() + "\n"
          + m.appliedIndex() + "\n" + m.term() + "\n" + m.createdAt() + "\n";
      md.update(header.getBytes(StandardCharsets.UTF_8));
      return md;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void addFile(MessageDigest md, SnapshotManifest.FileEntry f) {
    md.update((f.name() + "\n" + f.size() + "\n").getBytes(StandardCharsets.UTF_8));
  }

  private static final class DigestSink extends OutputStream {
    private final MessageDigest md;

    DigestSink(MessageDigest md) {
      this.md = md;
    }

    @Override
    public void write(int b) {
      md.update((byte) b);
    }

    @Override
    public void write(byte[] b, int off, int len) {
      md.update(b, off, len);
    }
  }

  private static final class Tee extends OutputStream {
    private final OutputStream a;
    private final OutputStream b;

    Tee(OutputStream a, OutputStream b) {
      this.a = a;
      this.b = b;
    }

    @Override
    public void write(int x) throws IOException {
      a.write(x);
      b.write(x);
    }

    @Override
    public void write(byte[] x, int off, int len) throws IOException {
      a.write(x, off, len);
      b.write(x, off, len);
    }
  }
}
