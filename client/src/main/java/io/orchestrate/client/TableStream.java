package io.orchestrate.client;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link Table} printed a page at a time, for listings too long to hold before printing: the
 * header goes out with the first page, each page's rows as soon as the page arrives. A column is
 * as wide as its widest cell so far, so it may widen at a page boundary (never narrow); within a
 * page the columns line up.
 */
public final class TableStream {
  private final PrintWriter out;
  private final List<String> headers;
  private int[] width;
  private boolean headerShown;

  public TableStream(PrintWriter out, List<String> headers) {
    this.out = out;
    this.headers = List.copyOf(headers);
    this.width = new int[headers.size()];
    for (int i = 0; i < width.length; i++) width[i] = headers.get(i).length();
  }

  /** Prints {@code rows} (cells as {@link Table#row} takes them), with the header first if it has not been shown, then flushes. */
  public void page(List<Object[]> rows) {
    List<String[]> cells = new ArrayList<>(rows.size());
    for (Object[] r : rows) {
      if (r.length != headers.size()) {
        throw new IllegalArgumentException("row has " + r.length + " cells, table has " + headers.size() + " columns");
      }
      String[] c = new String[r.length];
      for (int i = 0; i < r.length; i++) {
        c[i] = Table.cell(r[i]);
        width[i] = Math.max(width[i], c[i].length());
      }
      cells.add(c);
    }
    if (!headerShown) {
      Table.line(out, headers.toArray(String[]::new), width);
      headerShown = true;
    }
    for (String[] c : cells) Table.line(out, c, width);
    out.flush();
  }
}
