package io.orchestrate.manager.snapshot;

import io.orchestrate.core.codec.Json;
import io.orchestrate.manager.store.Durable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
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
 *
 * <p>A snapshot file may come from anywhere an operator copied it from, so extraction trusts none
 * of it: every entry must be a file the manifest lists under a plain name (no absolute or
 * {@code ..} path, no symbolic link), the declared sizes must fit the {@link Limits} and the free
 * space before anything is written, and each file is cut off at its declared size while it
 * streams, so a zip bomb writes at most what its manifest admitted to.
 */
public final class SnapshotArchive {
  public static final String MANIFEST = "manifest.json";
  private static final String DB = "db/";
  private static final Pattern FILE_NAME = Pattern.compile("[A-Za-z0-9._-]{1,128}");
  private static final int MAX_MANIFEST_BYTES = 1 << 20;

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

  /**
   * Bounds on what reading a snapshot file may cost. The manifest declares every file's size and
   * extraction never writes more than declared, so what lands on disk is at most the declared
   * total, which must fit under {@code maxTotalBytes} and in the target file system's free space.
   *
   * @param maxTotalBytes the most the checkpoint's files may add up to
   * @param maxFiles      the most files a checkpoint may have
   */
  public record Limits(long maxTotalBytes, int maxFiles) {
    /** 256 GiB and 100,000 files: far above any state this project keeps, far below a zip bomb's claims. */
    public static final Limits DEFAULT = new Limits(256L << 30, 100_000);

    public Limits {
      if (maxTotalBytes <= 0) throw new IllegalArgumentException("maxTotalBytes must be positive, got " + maxTotalBytes);
      if (maxFiles <= 0) throw new IllegalArgumentException("maxFiles must be positive, got " + maxFiles);
    }
  }

  /** Checks the whole file without writing anything; returns its manifest. */
  public static SnapshotManifest verify(Path file) throws InvalidSnapshotException {
    return read(file, null, Limits.DEFAULT);
  }

  /** {@link #verify(Path)} under the given limits. */
  public static SnapshotManifest verify(Path file, Limits limits) throws InvalidSnapshotException {
    return read(file, null, limits);
  }

  /** {@link #extract(Path, Path, Limits)} with the default limits. */
  public static SnapshotManifest extract(Path file, Path target) throws InvalidSnapshotException {
    return read(file, target, Limits.DEFAULT);
  }

  /**
   * Checks the whole file, extracting the checkpoint into {@code target} (which must not exist)
   * as it goes; the caller deletes {@code target} if this throws. Names, sizes and the space
   * needed are checked before anything is written; each file is cut off at its declared size
   * while streaming, and synced, with the directory, before this returns.
   */
  public static SnapshotManifest extract(Path file, Path target, Limits limits) throws InvalidSnapshotException {
    return read(file, target, limits);
  }

  private static SnapshotManifest read(Path file, Path target, Limits limits) throws InvalidSnapshotException {
    try (ZipFile zip = new ZipFile(file.toFile())) {
      ZipEntry me = zip.getEntry(MANIFEST);
      if (me == null) throw new InvalidSnapshotException(file + " is not an orchestrate snapshot: it has no " + MANIFEST);
      SnapshotManifest m;
      try (InputStream in = zip.getInputStream(me)) {
        byte[] json = in.readNBytes(MAX_MANIFEST_BYTES + 1);
        if (json.length > MAX_MANIFEST_BYTES) throw new IOException("it is larger than " + MAX_MANIFEST_BYTES + " bytes");
        m = Json.lenient().readValue(json, SnapshotManifest.class);
      } catch (IOException | RuntimeException e) {
        throw new InvalidSnapshotException(file + " is corrupted: its " + MANIFEST + " cannot be read (" + e.getMessage() + ")");
      }
      long total = checkManifest(file, m, limits);
      checkEntries(file, zip, m);
      if (target != null) {
        Path parent = target.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        long free = Files.getFileStore(parent).getUsableSpace();
        if (total > free) {
          throw new InvalidSnapshotException(file + " needs " + total + " bytes to extract but " + parent + " has " + free + " free; nothing was written");
        }
        Files.createDirectory(target);
      }
      MessageDigest md = start(m);
      for (SnapshotManifest.FileEntry f : m.files()) {
        ZipEntry e = zip.getEntry(DB + f.name());
        addFile(md, f);
        long n;
        try (InputStream in = zip.getInputStream(e)) {
          // One byte past the declared size is enough to know the entry lies; nothing past it is read or written.
          InputStream capped = new BoundedInputStream(in, f.size() + 1);
          OutputStream sink = new DigestSink(md);
          if (target != null) {
            try (FileChannel ch = FileChannel.open(target.resolve(f.name()), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                LinkOption.NOFOLLOW_LINKS)) {
              n = capped.transferTo(new Tee(sink, Channels.newOutputStream(ch)));
              ch.force(true);
            }
          } else {
            n = capped.transferTo(sink);
          }
        } catch (ZipException | java.io.EOFException ex) {
          throw new InvalidSnapshotException(file + " is corrupted: " + DB + f.name() + " cannot be read (" + ex.getMessage() + ")");
        }
        if (n > f.size()) {
          throw new InvalidSnapshotException(file + " is corrupted: " + DB + f.name() + " inflates past the " + f.size()
              + " bytes its manifest declares; extraction stopped there");
        }
        if (n != f.size()) {
          throw new InvalidSnapshotException(file + " is corrupted: " + DB + f.name() + " has " + n + " bytes, the manifest says " + f.size());
        }
      }
      String sum = HexFormat.of().formatHex(md.digest());
      if (!sum.equals(m.sha256())) {
        throw new InvalidSnapshotException(file + " is corrupted: its content's SHA-256 is " + sum + " but the manifest says " + m.sha256());
      }
      if (target != null) Durable.syncDir(target);
      return m;
    } catch (NoSuchFileException e) {
      throw new InvalidSnapshotException("snapshot file " + file + " does not exist");
    } catch (ZipException e) {
      throw new InvalidSnapshotException(file + " is truncated or corrupted: it is not a complete snapshot archive (" + e.getMessage() + ")");
    } catch (FileAlreadyExistsException e) {
      throw new InvalidSnapshotException("cannot extract " + file + ": " + e.getFile() + " already exists");
    } catch (IOException e) {
      if (!Files.exists(file)) throw new InvalidSnapshotException("snapshot file " + file + " does not exist");
      throw new InvalidSnapshotException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /** Checks the manifest's fields and limits; returns the declared total size of the checkpoint. */
  private static long checkManifest(Path file, SnapshotManifest m, Limits limits) throws InvalidSnapshotException {
    if (!SnapshotManifest.FORMAT.equals(m.format())) {
      throw new InvalidSnapshotException(file + " is not an orchestrate snapshot (format '" + m.format() + "')");
    }
    if (m.version() != SnapshotManifest.VERSION) {
      throw new InvalidSnapshotException(file + " has snapshot format version " + m.version() + "; this build reads version " + SnapshotManifest.VERSION);
    }
    if (m.clusterName() == null || m.sha256() == null || m.appliedIndex() <= 0 || m.files().isEmpty()) {
      throw new InvalidSnapshotException(file + " is corrupted: its manifest lacks clusterName, appliedIndex, files or sha256");
    }
    if (m.files().size() > limits.maxFiles()) {
      throw new InvalidSnapshotException(file + " lists " + m.files().size() + " files; at most " + limits.maxFiles() + " are accepted");
    }
    Set<String> seen = new HashSet<>();
    long total = 0;
    for (SnapshotManifest.FileEntry f : m.files()) {
      if (f == null || f.name() == null || !FILE_NAME.matcher(f.name()).matches() || f.name().equals(".") || f.name().equals("..")) {
        throw new InvalidSnapshotException(file + " is corrupted: its manifest names a file '" + (f == null ? null : f.name())
            + "'; only plain file names (letters, digits, '.', '_', '-') are accepted");
      }
      if (!seen.add(f.name())) throw new InvalidSnapshotException(file + " is corrupted: its manifest lists " + f.name() + " twice");
      if (f.size() < 0) throw new InvalidSnapshotException(file + " is corrupted: its manifest gives " + f.name() + " a size of " + f.size());
      total += f.size();
      if (total > limits.maxTotalBytes() || total < 0) {
        throw new InvalidSnapshotException(file + "'s manifest declares more than " + limits.maxTotalBytes()
            + " bytes of files, over the limit for a snapshot; nothing was written");
      }
    }
    return total;
  }

  /**
   * Every entry must be the manifest or a file it lists, with the size it lists; an entry with an
   * absolute or parent-relative path, or stored as a symbolic link, is refused by name.
   */
  private static void checkEntries(Path file, ZipFile zip, SnapshotManifest m) throws InvalidSnapshotException, IOException {
    Map<String, Long> expected = new HashMap<>();
    for (SnapshotManifest.FileEntry f : m.files()) expected.put(DB + f.name(), f.size());
    Set<String> links = ZipCentralDirectory.symlinks(file);
    for (Enumeration<? extends ZipEntry> en = zip.entries(); en.hasMoreElements(); ) {
      ZipEntry e = en.nextElement();
      String name = e.getName();
      if (name.startsWith("/") || name.contains("\\") || name.matches("^[A-Za-z]:.*")
          || Arrays.asList(name.split("/", -1)).contains("..")) {
        throw new InvalidSnapshotException(file + " holds an entry with an unsafe path '" + name
            + "' (absolute or leading out of the target directory); refusing to extract it");
      }
      if (links.contains(name)) {
        throw new InvalidSnapshotException(file + " holds " + name + " as a symbolic link; a snapshot holds regular files only");
      }
      if (name.equals(MANIFEST)) continue;
      Long size = expected.get(name);
      if (size == null) throw new InvalidSnapshotException(file + " is corrupted: it holds " + name + ", which its manifest does not list");
      if (e.getSize() >= 0 && e.getSize() != size) {
        throw new InvalidSnapshotException(file + " is corrupted: " + name + " declares " + e.getSize() + " bytes, the manifest says " + size);
      }
    }
    for (String name : expected.keySet()) {
      if (zip.getEntry(name) == null) throw new InvalidSnapshotException(file + " is truncated or corrupted: " + name + " is missing");
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

  /** Reads at most {@code limit} bytes of {@code in}, then reports the end. */
  private static final class BoundedInputStream extends InputStream {
    private final InputStream in;
    private long left;

    BoundedInputStream(InputStream in, long limit) {
      this.in = in;
      this.left = limit;
    }

    @Override
    public int read() throws IOException {
      if (left <= 0) return -1;
      int b = in.read();
      if (b >= 0) left--;
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (left <= 0) return -1;
      int n = in.read(b, off, (int) Math.min(len, left));
      if (n > 0) left -= n;
      return n;
    }
  }
}
