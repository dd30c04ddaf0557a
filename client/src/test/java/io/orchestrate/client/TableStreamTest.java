package io.orchestrate.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

class TableStreamTest {
  @Test
  void printsEachPageAsItComesAndColumnsOnlyWiden() {
    StringWriter s = new StringWriter();
    TableStream t = new TableStream(new PrintWriter(s), List.of("ID", "NAME"));

    t.page(List.<Object[]>of(new Object[] {"j-1", "web"}));
    assertThat(s.toString().lines()).as("the first page is out before the second exists").containsExactly("ID   NAME", "j-1  web");

    t.page(List.<Object[]>of(new Object[] {"j-1000", null}, new Object[] {"j-2", "db"}));
    t.page(List.<Object[]>of(new Object[] {"j-3", "x"}));

    assertThat(s.toString().lines()).containsExactly(
        "ID   NAME",
        "j-1  web",
        "j-1000  -",
        "j-2     db",
        "j-3     x");
  }

  @Test
  void anEmptyListingStillShowsTheHeader() {
    StringWriter s = new StringWriter();
    new TableStream(new PrintWriter(s), List.of("ID", "STATE")).page(List.of());

    assertThat(s.toString().lines()).containsExactly("ID  STATE");
  }
}
