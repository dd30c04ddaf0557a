package io.orchestrate.bench.meter;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.stream.Collectors;

/**
 * One line on the JVM the in-process managers run in: its collectors, tenuring threshold and heap
 * limit. Submission figures move with these (young pauses set the latency tail), so a printed run
 * says which settings produced it.
 */
public final class JvmSummary {
  private JvmSummary() {}

  public static String describe() {
    String collectors = ManagementFactory.getGarbageCollectorMXBeans().stream()
        .map(GarbageCollectorMXBean::getName)
        .collect(Collectors.joining(" + "));
    return String.format("jvm: java %s, %s, MaxTenuringThreshold=%s, max heap %,d MB",
        Runtime.version().feature(), collectors, vmOption("MaxTenuringThreshold"), Runtime.getRuntime().maxMemory() >> 20);
  }

  /** A HotSpot flag's value, or {@code ?} on a JVM that does not report it. */
  static String vmOption(String name) {
    try {
      return ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class).getVMOption(name).getValue();
    } catch (RuntimeException | LinkageError e) {
      return "?";
    }
  }
}
