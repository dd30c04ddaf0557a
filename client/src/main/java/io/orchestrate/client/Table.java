package io.orchestrate.client;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A plain text table: left-aligned columns two spaces apart, no trailing spaces, null shown as "-". */
public final class Table {
  private final List<String> headers;
  private final List<String[]> rows = new ArrayList<>();

  public Table(String... headers) {
    this.headers = List.of(headers);
  }

  public Table(List<String> headers) {
    this.headers = List.copyOf(headers);
  }

  public Table row(Object... cells) {
    if (cells.length != headers.size()) {
      throw new IllegalArgumentException("row has " + cells.length + " cells, table has " + headers.size() + " columns");
    }
    String[] r = new String[cells.length];
    for (int i = 0; i < cells.length; i++) r[i] = cell(cells[i]);
    rows.add(r);
    return this;
  }

  public void print(PrintWriter out) {
    int[] width = new int[headers.size()];
    for (int i = 0; i < width.length; i++) width[i] = headers.get(i).length();
    for (String[] r : rows) {
      for (int i = 0; i < r.length; i++) width[i] = Math.max(width[i], r[i].length());
    }
    line(out, headers.toArray(String[]::new), width);
    for (String[] r : rows) line(out, r, width);
    out.flush();
  }

  static void line(PrintWriter out, String[] cells, int[] width) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < cells.length; i++) {
      sb.append(cells[i]);
      if (i < cells.length - 1) sb.append(" ".repeat(width[i] - cells[i].length() + 2));
    }
    out.println(sb.toString().stripTrailing());
  }

  static String cell(Object v) {
    if (v == null) return "-";
    String s = v instanceof Object[] a ? Arrays.toString(a) : v.toString();
    s = s.replaceAll("[\\r\\n\\t]+", " ");
    return s.isEmpty() ? "-" : s;
  }
}
