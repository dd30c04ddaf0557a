package io.orchestrate.worker.driver;

import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.HostConfig;
import java.util.List;

/**
 * What every container the docker driver starts gets, whatever its job file says: the engine's
 * defaults leave a container root with fourteen capabilities, free to gain more through setuid
 * binaries, and with no limit on processes.
 *
 * <ul>
 *   <li>{@code no-new-privileges}: no process in the container gains privileges through execve
 *       (setuid/setgid binaries, file capabilities), so a compromised task cannot climb from the
 *       user it runs as.
 *   <li>Every capability dropped, then {@link #CAPABILITIES} added back: what a typical web server
 *       image needs to start as root, bind a port below 1024 and switch to its own user (nginx,
 *       httpd and most official images do exactly this). Left out on purpose, among Docker's
 *       defaults: {@code NET_RAW} (raw sockets: ARP and DNS spoofing on the bridge),
 *       {@code MKNOD} (device nodes), {@code SYS_CHROOT}, {@code SETFCAP}/{@code SETPCAP}
 *       (changing capabilities), {@code DAC_OVERRIDE}/{@code FOWNER}/{@code FSETID} (root
 *       ignoring file permissions and ownership), {@code KILL} (signalling other users'
 *       processes) and {@code AUDIT_WRITE}.
 *   <li>A pids limit ({@link DockerDriverSettings#pidsLimit()}), so that a fork bomb stays inside
 *       its container.
 * </ul>
 */
public final class ContainerHardening {
  /** The capabilities every container keeps; see the class comment for why these and no others. */
  public static final List<Capability> CAPABILITIES =
      List.of(Capability.CHOWN, Capability.SETUID, Capability.SETGID, Capability.NET_BIND_SERVICE);
  public static final String NO_NEW_PRIVILEGES = "no-new-privileges";

  private ContainerHardening() {}

  /** {@code hc} with the hardening applied. */
  static HostConfig apply(HostConfig hc, long pidsLimit) {
    return hc.withSecurityOpts(List.of(NO_NEW_PRIVILEGES))
        .withCapDrop(Capability.ALL)
        .withCapAdd(CAPABILITIES.toArray(Capability[]::new))
        .withPidsLimit(pidsLimit);
  }
}
