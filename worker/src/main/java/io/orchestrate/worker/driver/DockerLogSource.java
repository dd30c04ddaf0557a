package io.orchestrate.worker.driver;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.StreamType;
import io.orchestrate.gateway.protocol.LogLimits;
import io.orchestrate.gateway.protocol.LogLine;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A container's output from the engine's log endpoint ({@code docker logs --timestamps}), handed
 * to the stream's thread through a buffer of at most {@link #MAX_BUFFERED_BYTES}: when the stream
 * has no credit, the engine's callback thread waits here, so the engine's HTTP response, and the
 * container's log reader behind it, wait too. The engine keeps the output; nothing is lost.
 *
 * <p>The engine's {@code since} has whole seconds, so lines before the exact instant and the ones
 * a resuming reader already has are dropped here by {@link ResumeFilter}.
 */
final class DockerLogSource extends ResultCallback.Adapter<Frame> implements LogSource {
  static final int MAX_BUFFERED_BYTES = 1024 * 1024;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition room = lock.newCondition();
  private final ArrayDeque<LogLine> buffer = new ArrayDeque<>();
  private final ResumeFilter resume;
  private long buffered;
  private volatile boolean done;
  private volatile boolean closed;
  private volatile Throwable failure;

  DockerLogSource(LogQuery query) {
    this.resume = new ResumeFilter(query.since(), query.skip());
  }

  @Override
  public void onNext(Frame frame) {
    String stream = frame.getStreamType() == StreamType.STDERR ? LogLine.STDERR : LogLine.STDOUT;
    String payload = new String(frame.getPayload(), StandardCharsets.UTF_8);
    for (String raw : payload.split("\n")) {
      LogLine line = parse(raw, stream);
      if (line == null || !resume.admit(line.instant())) continue;
      put(line);
    }
  }

  /** {@code <RFC 3339 instant> <text>}, as the engine writes each line with timestamps on. */
  private static LogLine parse(String raw, String stream) {
    int sp = raw.indexOf(' ');
    String ts = sp < 0 ? raw : raw.substring(0, sp);
    String text = sp < 0 ? "" : raw.substring(sp + 1);
    if (text.endsWith("\r")) text = text.substring(0, text.length() - 1);
    if (text.length() > LogLimits.MAX_LINE_CHARS) text = text.substring(0, LogLimits.MAX_LINE_CHARS);
    try {
      return new LogLine(Instant.parse(ts), stream, text);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private void put(LogLine line) {
    lock.lock();
    try {
      // Bounded waits in a loop: closing wakes it at once; a stream without credit leaves it waiting.
      while (buffered >= MAX_BUFFERED_BYTES && !closed) {
        room.await(500, TimeUnit.MILLISECONDS);
      }
      if (closed) return;
      buffer.addLast(line);
      buffered += line.cost();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public List<LogLine> read(long maxBytes) throws DriverException {
    List<LogLine> out = new ArrayList<>();
    lock.lock();
    try {
      long spent = 0;
      while (!buffer.isEmpty()) {
        LogLine next = buffer.peekFirst();
        if (!out.isEmpty() && spent + next.cost() > maxBytes) break;
        out.add(buffer.pollFirst());
        spent += next.cost();
      }
      buffered -= spent;
      room.signalAll();
      if (out.isEmpty() && done && failure != null && !closed) {
        Throwable f = failure;
        failure = null;
        throw new DriverException("reading the container's output failed: " + f.getMessage(), f);
      }
      return out;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public boolean finished() {
    lock.lock();
    try {
      return done && buffer.isEmpty();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void onError(Throwable t) {
    failure = t;
    done = true;
  }

  @Override
  public void onComplete() {
    done = true;
  }

  @Override
  public void close() {
    closed = true;
    lock.lock();
    try {
      room.signalAll();
    } finally {
      lock.unlock();
    }
    try {
      super.close();
    } catch (java.io.IOException ignored) {
      // The engine's response is abandoned either way.
    }
  }
}
