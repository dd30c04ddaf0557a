package io.orchestrate.security;

import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * One process's TLS material from its {@link TlsFiles}: its key manager, and a trust manager per
 * set of roles a port accepts, all reloading from the same files. Loading checks everything a
 * handshake would need and throws a {@link TlsException} naming the file, so a process with bad
 * files stops at start-up rather than at its first connection.
 */
public final class TlsMaterial {
  private final TlsFiles files;
  private final Clock clock;
  private final Duration checkEvery;
  private final LongSupplier nanoTime;
  private final ReloadingKeyManager keyManager;
  private final Map<Set<Role>, ReloadingTrustManager> trustManagers = new ConcurrentHashMap<>();

  private TlsMaterial(TlsFiles files, Clock clock, Duration checkEvery, LongSupplier nanoTime) {
    this.files = Objects.requireNonNull(files, "files");
    this.clock = clock;
    this.checkEvery = checkEvery;
    this.nanoTime = nanoTime;
    this.keyManager = new ReloadingKeyManager(files.cert(), files.key(), clock, checkEvery, nanoTime);
    // The CA file is read now too, so that a bad bundle is an error at start-up.
    trustManager(EnumSet.allOf(Role.class));
  }

  public static TlsMaterial load(TlsFiles files) {
    return new TlsMaterial(files, Clock.systemUTC(), Duration.ofSeconds(1), System::nanoTime);
  }

  /** For tests: files looked at every {@code checkEvery} of {@code nanoTime}, validity judged by {@code clock}. */
  static TlsMaterial load(TlsFiles files, Clock clock, Duration checkEvery, LongSupplier nanoTime) {
    return new TlsMaterial(files, clock, checkEvery, nanoTime);
  }

  public TlsFiles files() {
    return files;
  }

  /** Who this process is, by its certificate. */
  public Identity identity() {
    return keyManager.identity();
  }

  public ReloadingKeyManager keyManager() {
    return keyManager;
  }

  /** The trust manager for a port that accepts {@code roles}; one per set, shared by its callers. */
  public ReloadingTrustManager trustManager(Set<Role> roles) {
    return trustManagers.computeIfAbsent(Set.copyOf(roles),
        r -> new ReloadingTrustManager(files.ca(), r, clock, checkEvery, nanoTime));
  }

  /** Reads every file now (on SIGHUP); true if all new material is in use, false if something was refused and logged. */
  public boolean reload() {
    boolean ok = keyManager.reload();
    for (ReloadingTrustManager t : List.copyOf(trustManagers.values())) ok &= t.reload();
    return ok;
  }
}
