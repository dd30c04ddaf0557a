package io.orchestrate.bench.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Reading jcmd's and /proc's answers as the JDK 17 and Linux print them. */
class ManagerMemoryTest {
  @Test
  void g1HeapIsTheOneRegionLine() {
    String info = """
        12345:
         garbage-first heap   total 262144K, used 28345K [0x00000000f0000000, 0x0000000100000000)
          region size 1024K, 2 young (2048K), 0 survivors (0K)
         Metaspace       used 51234K, committed 51840K, reserved 1097728K
          class space    used 6543K, committed 6784K, reserved 1048576K
        """;

    assertThat(ManagerMemory.heapUsed(info)).isEqualTo(28345L * 1024);
  }

  @Test
  void serialHeapAddsTheYoungAndOldGenerationsButNotMetaspace() {
    String info = """
        12345:
         def new generation   total 78656K, used 1400K [0x00000000f0000000, 0x00000000f5550000, 0x00000000f5550000)
          eden space 69952K,   2% used [0x00000000f0000000, 0x00000000f015e0a8, 0x00000000f4450000)
          from space 8704K,   0% used [0x00000000f4450000, 0x00000000f4450000, 0x00000000f4cd0000)
         tenured generation   total 174784K, used 20000K [0x00000000f5550000, 0x0000000100000000, 0x0000000100000000)
         Metaspace       used 50000K, committed 50500K, reserved 1097728K
        """;

    assertThat(ManagerMemory.heapUsed(info)).isEqualTo((1400L + 20000L) * 1024);
  }

  @Test
  void anAnswerWithoutAGenerationIsUnknown() {
    assertThat(ManagerMemory.heapUsed("12345:\n ZHeap used 20M, capacity 256M, max capacity 256M\n")).isEqualTo(-1);
  }

  @Test
  void rssComesFromVmRss() {
    String status = "Name:\tjava\nVmPeak:\t 9000000 kB\nVmRSS:\t  278800 kB\nRssAnon:\t  200000 kB\n";

    assertThat(ManagerMemory.rss(status)).isEqualTo(278800L * 1024);
    assertThat(ManagerMemory.rss("Name:\tjava\n")).isEqualTo(-1);
  }
}
