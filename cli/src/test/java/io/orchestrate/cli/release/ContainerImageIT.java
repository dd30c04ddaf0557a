package io.orchestrate.cli.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.orchestrate.cli.release.ReleaseTarballIT.Run;
import io.orchestrate.testing.docker.RequiresDocker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ops/docker/Dockerfile built from the release's {@code lib/} (the unpacked tarball) on the local JRE
 * base (ops/images/build-local-images.sh; nothing is pulled): the process runs as uid 10001, not root,
 * writes its state in the image's volume, and the image's own HEALTHCHECK ({@code orchestrate health})
 * says unhealthy while no leader is known and healthy once the manager serves.
 */
@RequiresDocker(images = ContainerImageIT.BASE)
class ContainerImageIT {
  static final String BASE = "local/jre:17";
  private static final Path DOCKERFILE = Path.of("..").toAbsolutePath().normalize().resolve("ops/docker/Dockerfile");

  @TempDir Path dir;
  private final String tag = "orchestrate-image-it:" + UUID.randomUUID().toString().substring(0, 8);
  private final List<String> containers = new ArrayList<>();

  @AfterEach
  void remove() throws Exception {
    for (String c : containers) docker(Duration.ofSeconds(60), "rm", "-f", "-v", c);
    docker(Duration.ofSeconds(60), "rmi", "-f", tag);
  }

  @Test
  void theImageRunsAsANonRootUserAndItsHealthcheckTurnsHealthyOnceTheManagerServes() throws Exception {
    Path release = ReleaseTarballIT.unpack(ReleaseTarballIT.tarball(), dir.resolve("opt"));
    // --pull=false: the base must come from the local engine, never a registry.
    Run build = docker(Duration.ofSeconds(300), "build", "--pull=false", "-q", "-f", DOCKERFILE.toString(),
        "--build-arg", "BASE=" + BASE, "-t", tag, release.resolve("lib").toString());
    assertThat(build.exitCode()).as(build.toString()).isZero();

    Run config = docker(Duration.ofSeconds(30), "image", "inspect", "-f", "{{.Config.User}}|{{json .Config.Healthcheck.Test}}", tag);
    assertThat(config.output().strip()).startsWith("10001:10001|").contains("orchestrate health");

    // A one-manager cluster, checked every second instead of the image's 15 s (docker run overrides the timing only).
    Run run = docker(Duration.ofSeconds(60), "run", "-d", "--health-interval=1s", "--health-start-period=120s",
        "-e", "JAVA_OPTS=-Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1", tag,
        "manager", "--id", "m1", "--data-dir", "/var/lib/orchestrate", "--peers", "m1=127.0.0.1:7000",
        "--api", "127.0.0.1:8080", "--gateway", "127.0.0.1:7070", "--insecure");
    assertThat(run.exitCode()).as(run.toString()).isZero();
    String id = run.output().strip();
    containers.add(id);

    String status = await("the image's HEALTHCHECK says healthy").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1))
        .until(() -> docker(Duration.ofSeconds(30), "inspect", "-f", "{{.State.Status}} {{.State.Health.Status}}", id).output().strip(),
            s -> s.equals("running healthy") || !s.startsWith("running"));
    assertThat(status).as("logs:%n%s", docker(Duration.ofSeconds(30), "logs", id)).isEqualTo("running healthy");
    String log = docker(Duration.ofSeconds(30), "inspect", "-f", "{{json .State.Health.Log}}", id).output();
    assertThat(log).contains("(m1, LEADER): ok");

    Run who = docker(Duration.ofSeconds(30), "exec", id, "sh", "-c", "id -u; stat -c %u /var/lib/orchestrate; ls /var/lib/orchestrate | head -n 1");
    List<String> lines = who.output().lines().toList();
    assertThat(lines).as(who.toString()).hasSizeGreaterThanOrEqualTo(3);
    assertThat(lines.get(0)).as("the process's uid").isEqualTo("10001");
    assertThat(lines.get(1)).as("the state volume belongs to it").isEqualTo("10001");
    assertThat(lines.get(2)).as("and holds the manager's state").isNotBlank();

    // The same command against a closed port is what an unhealthy probe looks like: non-zero, with the reason.
    Run closed = docker(Duration.ofSeconds(60), "exec", id, "orchestrate", "health", "--managers", "127.0.0.1:1");
    assertThat(closed.exitCode()).as(closed.toString()).isEqualTo(3);
    assertThat(closed.output()).contains("127.0.0.1:1: connection refused");
  }

  private Run docker(Duration limit, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("docker"));
    command.addAll(List.of(args));
    Files.createDirectories(dir);
    return Run.of(dir, Map.of(), limit, command.toArray(String[]::new));
  }
}
