package io.orchestrate.bench.meter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The arithmetic of the CPU report; the counters themselves come from the JVM and the kernel. */
class CpuMeterTest {
  private static final long S = 1_000_000_000L;

  @Test
  void threadNamesGroupAcrossManagersAndPoolIndexes() {
    assertThat(CpuMeter.groupName("m2@group-FE34AB79EBEB-StateMachineUpdater")).isEqualTo("mN@group-StateMachineUpdater");
    assertThat(CpuMeter.groupName("bench-netty-1-1")).isEqualTo("bench-netty-N-N");
  }

  @Test
  void usageIsCpuTimeOverWallTime() {
    CpuMeter.Sample a = new CpuMeter.Sample(0, 10 * S, 1 * S, 1000, 4000, Map.of());
    CpuMeter.Sample b = new CpuMeter.Sample(2 * S, 13 * S, 2 * S, 1300, 4400, Map.of());

    CpuMeter.Usage u = CpuMeter.between(a, b, 2);
    assertThat(u.processCores()).isCloseTo(1.5, within(1e-9));
    assertThat(u.clientCores()).isCloseTo(0.5, within(1e-9));
    assertThat(u.machineBusyCores()).as("300 of 400 ticks busy on 2 cores").isCloseTo(1.5, within(1e-9));
  }

  @Test
  void unknownMachineCountersGiveMinusOne() {
    CpuMeter.Sample a = new CpuMeter.Sample(0, 0, 0, -1, -1, Map.of());
    CpuMeter.Sample b = new CpuMeter.Sample(S, S, 0, -1, -1, Map.of());
    assertThat(CpuMeter.between(a, b, 2).machineBusyCores()).isEqualTo(-1);
  }

  @Test
  void threadGroupsSumDeltasCountNewThreadsWholeAndLeaveTheRestToTheJvm() {
    CpuMeter.Sample a = new CpuMeter.Sample(0, 10 * S, 0, -1, -1, Map.of(
        1L, new CpuMeter.ThreadCpu("m1@group-AB-StateMachineUpdater", 3 * S),
        2L, new CpuMeter.ThreadCpu("m2@group-AB-StateMachineUpdater", 1 * S)));
    CpuMeter.Sample b = new CpuMeter.Sample(4 * S, 16 * S, 0, -1, -1, Map.of(
        1L, new CpuMeter.ThreadCpu("m1@group-AB-StateMachineUpdater", 5 * S),
        2L, new CpuMeter.ThreadCpu("m2@group-AB-StateMachineUpdater", 2 * S),
        3L, new CpuMeter.ThreadCpu("bench-netty-1-1", 1 * S)));

    List<CpuMeter.GroupUsage> g = CpuMeter.byThreadGroup(a, b);
    assertThat(g).extracting(CpuMeter.GroupUsage::group)
        .containsExactly("mN@group-StateMachineUpdater", "(JVM native threads: JIT compilers, GC; and threads that ended)", "bench-netty-N-N");
    assertThat(g.get(0).cores()).isCloseTo(0.75, within(1e-9)); // 3 s of 4 s
    assertThat(g.get(1).cores()).isCloseTo(0.5, within(1e-9)); // 6 s process - 4 s in Java threads
    assertThat(g.get(2).cores()).isCloseTo(0.25, within(1e-9));
  }
}
