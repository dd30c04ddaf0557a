package io.orchestrate.core.spec;

/**
 * What one task reserves on a node. A field left out of a job file takes its default; an explicit
 * zero or negative value is kept so that validation can name it.
 *
 * @param cpu      cores, fractional (0.5 = half a core)
 * @param memoryMb memory limit in MiB, applied to the container
 * @param diskMb   scratch disk in MiB, used for placement
 */
public record Resources(Double cpu, Long memoryMb, Long diskMb) {
  public static final double DEFAULT_CPU = 0.1;
  public static final long DEFAULT_MEMORY_MB = 64;
  public static final long DEFAULT_DISK_MB = 0;

  public Resources {
    if (cpu == null) cpu = DEFAULT_CPU;
    if (memoryMb == null) memoryMb = DEFAULT_MEMORY_MB;
    if (diskMb == null) diskMb = DEFAULT_DISK_MB;
  }

  public static Resources defaults() {
    return new Resources(null, null, null);
  }

  public static Resources of(double cpu, long memoryMb, long diskMb) {
    return new Resources(cpu, memoryMb, diskMb);
  }

  public Resources plus(Resources o) {
    return new Resources(cpu + o.cpu, memoryMb + o.memoryMb, diskMb + o.diskMb);
  }

  public Resources minus(Resources o) {
    return new Resources(cpu - o.cpu, memoryMb - o.memoryMb, diskMb - o.diskMb);
  }

  public Resources times(int n) {
    return new Resources(cpu * n, memoryMb * n, diskMb * n);
  }

  /** True when every dimension of {@code need} fits in this amount. */
  public boolean fits(Resources need) {
    // A small epsilon keeps sums of fractional cores (0.1 * 10) from failing on rounding.
    return need.cpu <= cpu + 1e-9 && need.memoryMb <= memoryMb && need.diskMb <= diskMb;
  }
}
