package io.orchestrate.bench.meter;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

class JvmSummaryTest {
  @Test
  void namesEveryCollectorTheTenuringThresholdAndTheHeapLimit() {
    String line = JvmSummary.describe();

    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) assertThat(line).contains(gc.getName());
    assertThat(line).containsPattern("MaxTenuringThreshold=\\d+,");
    assertThat(line).contains(String.format("max heap %,d MB", Runtime.getRuntime().maxMemory() >> 20));
  }

  @Test
  void anUnknownFlagReadsAsAQuestionMark() {
    assertThat(JvmSummary.vmOption("NoSuchFlagAnywhere")).isEqualTo("?");
    assertThat(JvmSummary.vmOption("MaxTenuringThreshold")).matches("\\d+");
  }
}
