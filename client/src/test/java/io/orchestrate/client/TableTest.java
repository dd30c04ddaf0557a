package io.orchestrate.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class TableTest {
  @Test
  void alignsColumnsToTheWidestCellWithoutTrailingSpaces() {
    StringWriter s = new StringWriter();
    new Table("ID", "NAME", "NOTE").row("j-100", "web", null).row("j-2", null, "two\nlines").print(new PrintWriter(s));

    assertThat(s.toString().lines()).containsExactly(
        "ID     NAME  NOTE",
        "j-100  web   -",
        "j-2    -     two lines");
  }

  @Test
  void aRowMustFitTheColumns() {
    assertThatThrownBy(() -> new Table("A", "B").row("x")).hasMessageContaining("1 cells").hasMessageContaining("2 columns");
  }
}
