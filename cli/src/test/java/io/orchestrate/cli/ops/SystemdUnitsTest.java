package io.orchestrate.cli.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.orchestrate.core.codec.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped systemd files in ops/systemd: every service is sandboxed (read-only system, private
 * /tmp, no new privileges) with write access exactly where its process writes, the user it runs as
 * is one sysusers.d creates, and the directories it writes are ones tmpfiles.d makes for that user.
 * Where systemd's own tools are installed, they check the files too: {@code systemd-analyze verify}
 * (unknown keys, bad values), {@code systemd-analyze security} (the exposure score) and, as root,
 * {@code systemd-sysusers} and {@code systemd-tmpfiles} applied to a scratch root.
 */
class SystemdUnitsTest {
  private static final Path SYSTEMD = RunbookCommandsTest.ROOT.resolve("ops/systemd");
  private static final Path CONFIG = RunbookCommandsTest.ROOT.resolve("ops/config");
  private static final List<String> SERVICES = List.of("orchestrate-manager.service", "orchestrate-worker.service", "orchestrate-backup.service");

  @TempDir Path scratch;

  /** A unit file: section name to (key to every value it is given, in order). */
  record Unit(String name, Map<String, Map<String, List<String>>> sections) {
    static Unit read(Path file) throws IOException {
      Map<String, Map<String, List<String>>> sections = new LinkedHashMap<>();
      Map<String, List<String>> current = null;
      int n = 0;
      for (String raw : Files.readAllLines(file)) {
        n++;
        String line = raw.strip();
        if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) continue;
        if (line.startsWith("[")) {
          assertThat(line).as(file.getFileName() + ":" + n + " section header").matches("\\[[A-Z][A-Za-z]*\\]");
          current = sections.computeIfAbsent(line.substring(1, line.length() - 1), s -> new LinkedHashMap<>());
          continue;
        }
        assertThat(current).as(file.getFileName() + ":" + n + " is inside a section").isNotNull();
        assertThat(line).as(file.getFileName() + ":" + n + " is Key=value").matches("[A-Z][A-Za-z0-9]*=.*");
        int eq = line.indexOf('=');
        current.computeIfAbsent(line.substring(0, eq), k -> new ArrayList<>()).add(line.substring(eq + 1).strip());
      }
      return new Unit(file.getFileName().toString(), sections);
    }

    Optional<String> get(String section, String key) {
      List<String> v = sections.getOrDefault(section, Map.of()).get(key);
      return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v.get(v.size() - 1));
    }

    String service(String key) {
      return get("Service", key).orElse("");
    }

    /** Every path of every ReadWritePaths= line (a leading "-" only makes a missing path no error). */
    List<String> readWritePaths() {
      List<String> out = new ArrayList<>();
      for (String v : sections.getOrDefault("Service", Map.of()).getOrDefault("ReadWritePaths", List.of())) {
        for (String p : v.split("\\s+")) out.add(p.replaceFirst("^[-+]", ""));
      }
      return out;
    }
  }

  record SysUser(String type, String name) {}

  record TmpDir(String path, String mode, String user, String group) {}

  @Test
  void everyServiceIsSandboxedAndMayWriteOnlyWhereItsProcessWrites() throws IOException {
    Map<String, List<String>> writes = Map.of(
        "orchestrate-manager.service", List.of(yamlValue(CONFIG.resolve("manager.yaml"), "dataDir")),
        "orchestrate-worker.service", List.of(yamlValue(CONFIG.resolve("worker.yaml"), "dataDir")),
        "orchestrate-backup.service", List.of("/var/backups/orchestrate"));
    for (String name : SERVICES) {
      Unit u = Unit.read(SYSTEMD.resolve(name));
      assertThat(u.service("ProtectSystem")).as(name + ": ReadWritePaths only means something on a read-only system").isEqualTo("strict");
      assertThat(u.service("NoNewPrivileges")).as(name).isEqualTo("yes");
      assertThat(u.service("PrivateTmp")).as(name).isEqualTo("yes");
      assertThat(u.service("ProtectHome")).as(name).isEqualTo("yes");
      assertThat(u.service("ProtectKernelTunables")).as(name).isEqualTo("yes");
      assertThat(u.service("ProtectControlGroups")).as(name).isEqualTo("yes");
      assertThat(u.service("MemoryDenyWriteExecute")).as(name + ": the JIT writes code and runs it").isNotEqualTo("yes");
      assertThat(u.readWritePaths()).as(name + ": writable exactly where it writes").containsExactlyInAnyOrderElementsOf(writes.get(name));
    }
    Unit manager = Unit.read(SYSTEMD.resolve("orchestrate-manager.service"));
    assertThat(manager.service("User")).isEqualTo("orchestrate");
    assertThat(manager.service("CapabilityBoundingSet")).as("the manager needs no capability").isEmpty();
    assertThat(manager.sections().get("Service")).containsKey("CapabilityBoundingSet");
    assertThat(manager.service("RestrictAddressFamilies")).isEqualTo("AF_UNIX AF_INET AF_INET6");
    assertThat(manager.service("StateDirectory")).isEqualTo("orchestrate");
    Unit worker = Unit.read(SYSTEMD.resolve("orchestrate-worker.service"));
    assertThat(worker.service("KillMode")).as("its containers outlive a worker restart").isEqualTo("process");
    assertThat(worker.service("StateDirectory")).isEqualTo("orchestrate-worker");
    for (Unit u : List.of(manager, worker)) {
      assertThat(Long.parseLong(u.service("LimitNOFILE"))).as(u.name() + " LimitNOFILE").isGreaterThanOrEqualTo(65536);
      assertThat(u.service("SuccessExitStatus")).as(u.name() + ": a SIGTERM stop is a clean stop").contains("143");
      assertThat(u.get("Install", "WantedBy")).contains("multi-user.target");
    }
    assertThat(Unit.read(SYSTEMD.resolve("orchestrate-backup.timer")).get("Timer", "OnCalendar")).isPresent();
  }

  @Test
  void theUsersTheUnitsRunAsAndTheDirectoriesTheyWriteAreCreatedByTheShippedFiles() throws IOException {
    List<SysUser> users = sysusers();
    List<TmpDir> dirs = tmpfiles();
    assertThat(users).contains(new SysUser("u", "orchestrate"));
    for (String name : SERVICES) {
      Unit u = Unit.read(SYSTEMD.resolve(name));
      String user = u.service("User").isEmpty() ? "root" : u.service("User");
      assertThat(user.equals("root") || users.contains(new SysUser("u", user))).as(name + " runs as " + user + ", which sysusers.d creates").isTrue();
      String group = u.service("Group").isEmpty() ? user : u.service("Group");
      for (String path : u.readWritePaths()) {
        TmpDir d = dirs.stream().filter(t -> t.path().equals(path)).findFirst().orElse(null);
        assertThat(d).as(name + ": tmpfiles.d makes " + path).isNotNull();
        assertThat(d.user()).as(path + " belongs to the user " + name + " runs as").isEqualTo(user);
        assertThat(d.group()).as(path).isEqualTo(group);
        assertThat(d.mode()).as(path + ": nobody else reads the state").matches("07[0-5]0");
      }
    }
    for (TmpDir d : dirs) {
      for (String owner : List.of(d.user(), d.group())) {
        assertThat(owner.equals("root") || users.stream().anyMatch(s -> s.name().equals(owner))).as(d + ": owner exists").isTrue();
      }
    }
    assertThat(dirs).extracting(TmpDir::path).contains("/var/lib/orchestrate", "/var/backups/orchestrate", "/etc/orchestrate/tls");
  }

  /** systemd's own reading of the units, when systemd-analyze is installed (Debian's systemd package). */
  @Test
  void systemdAnalyzeFindsNothingToSayAndScoresTheManagerAsWellSandboxed() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(onPath("systemd-analyze"), "systemd-analyze is not installed; the structural checks above still ran");
    // ExecStart= must name an executable file: the units' /opt/orchestrate is moved to a stub launcher here.
    Path opt = Files.createDirectories(scratch.resolve("opt/orchestrate/bin"));
    Path stub = Files.writeString(opt.resolve("orchestrate"), "#!/bin/sh\n");
    Files.setPosixFilePermissions(stub, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path units = Files.createDirectories(scratch.resolve("units"));
    List<String> args = new ArrayList<>(List.of("systemd-analyze", "verify"));
    try (Stream<Path> s = Files.list(SYSTEMD)) {
      for (Path p : (Iterable<Path>) s.filter(f -> f.toString().endsWith(".service") || f.toString().endsWith(".timer")).sorted()::iterator) {
        Path copy = units.resolve(p.getFileName());
        Files.writeString(copy, Files.readString(p).replace("/opt/orchestrate", scratch.resolve("opt/orchestrate").toString()));
        args.add(copy.toString());
      }
    }
    Result verify = exec(units, args);
    assertThat(verify.exitCode()).as(verify.toString()).isZero();
    assertThat(verify.output()).as("systemd-analyze verify warns about nothing").isBlank();

    for (String name : List.of("orchestrate-manager.service", "orchestrate-backup.service")) {
      Result security = exec(units, List.of("systemd-analyze", "security", "--offline=yes", units.resolve(name).toString()));
      org.junit.jupiter.api.Assumptions.assumeTrue(security.exitCode() == 0 || security.output().contains("Overall exposure"),
          "this systemd-analyze cannot score unit files offline (systemd < 250): " + security);
      Matcher m = Pattern.compile("Overall exposure level for \\S+: (\\d+\\.\\d+)").matcher(security.output());
      assertThat(m.find()).as(security.toString()).isTrue();
      assertThat(Double.parseDouble(m.group(1))).as(name + " exposure (0 = fully sandboxed, 10 = not at all)").isLessThanOrEqualTo(4.0);
    }
  }

  /** As root with systemd's tools: the user and the directories, made in a scratch root exactly as at boot. */
  @Test
  void sysusersAndTmpfilesCreateTheUserAndItsDirectories() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(onPath("systemd-sysusers") && onPath("systemd-tmpfiles"), "systemd-sysusers/tmpfiles are not installed");
    org.junit.jupiter.api.Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "chown needs root");
    Path root = Files.createDirectories(scratch.resolve("root/etc")).getParent();
    Result users = exec(scratch, List.of("systemd-sysusers", "--root=" + root, SYSTEMD.resolve("sysusers.d/orchestrate.conf").toString()));
    assertThat(users.exitCode()).as(users.toString()).isZero();
    String passwd = Files.readString(root.resolve("etc/passwd"));
    Matcher entry = Pattern.compile("(?m)^orchestrate:x:(\\d+):(\\d+):[^:]*:/var/lib/orchestrate:/usr/sbin/nologin$").matcher(passwd);
    assertThat(entry.find()).as(passwd).isTrue();
    int uid = Integer.parseInt(entry.group(1));
    assertThat(uid).as("a system user").isLessThan(1000).isPositive();

    Result dirs = exec(scratch, List.of("systemd-tmpfiles", "--create", "--root=" + root, SYSTEMD.resolve("tmpfiles.d/orchestrate.conf").toString()));
    assertThat(dirs.exitCode()).as(dirs.toString()).isZero();
    for (TmpDir d : tmpfiles()) {
      Path made = root.resolve(d.path().substring(1));
      assertThat(made).as(d.toString()).isDirectory();
      PosixFileAttributes a = Files.readAttributes(made, PosixFileAttributes.class);
      assertThat(Integer.toOctalString(mode(a))).as(d + " mode").isEqualTo(Integer.toOctalString(Integer.parseInt(d.mode(), 8)));
      int owner = (Integer) Files.getAttribute(made, "unix:uid");
      assertThat(owner).as(d + " owner").isEqualTo(d.user().equals("root") ? 0 : uid);
    }
  }

  private static int mode(PosixFileAttributes a) {
    int m = 0;
    for (var p : a.permissions()) m |= 1 << (8 - p.ordinal());
    return m;
  }

  private static List<SysUser> sysusers() throws IOException {
    List<SysUser> out = new ArrayList<>();
    for (String line : Files.readAllLines(SYSTEMD.resolve("sysusers.d/orchestrate.conf"))) {
      if (line.isBlank() || line.startsWith("#")) continue;
      String[] f = line.strip().split("\\s+");
      out.add(new SysUser(f[0], f[1]));
    }
    return out;
  }

  private static List<TmpDir> tmpfiles() throws IOException {
    List<TmpDir> out = new ArrayList<>();
    for (String line : Files.readAllLines(SYSTEMD.resolve("tmpfiles.d/orchestrate.conf"))) {
      if (line.isBlank() || line.startsWith("#")) continue;
      String[] f = line.strip().split("\\s+");
      assertThat(f[0]).as(line).isEqualTo("d");
      out.add(new TmpDir(f[1], f[2], f[3], f[4]));
    }
    return out;
  }

  private static String yamlValue(Path file, String key) throws IOException {
    return Json.yaml().readTree(file.toFile()).path(key).asText();
  }

  private static boolean onPath(String tool) {
    for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
      if (Files.isExecutable(Path.of(dir, tool))) return true;
    }
    return false;
  }

  record Result(int exitCode, String output) {
    @Override
    public String toString() {
      return "exit " + exitCode + ":\n" + output;
    }
  }

  private static Result exec(Path dir, List<String> command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("still running after 60 s: " + command);
    }
    return new Result(p.exitValue(), out);
  }
}
