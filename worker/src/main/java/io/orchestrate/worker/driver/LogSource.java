package io.orchestrate.worker.driver;

import io.orchestrate.gateway.protocol.LogLine;
import java.util.List;

/**
 * A reader of one task copy's output, pulled by its stream's thread only as fast as the stream's
 * credit allows: a source holds no more than a bounded buffer of its own, whatever the copy prints.
 */
public interface LogSource extends AutoCloseable {
  /**
   * Lines ready now, in order, costing ({@link LogLine#cost}) at most {@code maxBytes} together;
   * empty when none is ready. Never waits for a line to be printed.
   */
  List<LogLine> read(long maxBytes) throws DriverException;

  /** Nothing more will come from this source: the copy ended (or, not following, its output was read) and every line was returned. */
  boolean finished();

  @Override
  void close();
}
