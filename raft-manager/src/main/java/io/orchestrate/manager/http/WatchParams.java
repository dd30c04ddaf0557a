package io.orchestrate.manager.http;

import io.orchestrate.core.api.ErrorCode;
import io.orchestrate.core.api.EventView;
import io.orchestrate.core.util.DurationText;
import io.orchestrate.manager.events.EventLog;
import io.orchestrate.manager.service.ApiException;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The query parameters of watching: {@code from}, {@code topic} and {@code follow} on
 * {@code /v1/events}, {@code index} and {@code wait} on blocking reads. Each bad value is refused
 * with a 400 that names the parameter, before anything is opened or waited for.
 */
final class WatchParams {
  /** A blocking read's parameters: answer once the state is past {@code index}, or after {@code wait}. */
  record Blocking(long index, Duration timeout) {}

  private WatchParams() {}

  /**
   * Where a stream starts: {@code from=INDEX} (the first event of that entry), {@code from=INDEX.POS}
   * (that event), {@code from=oldest} (the oldest event this manager holds), or the standard {@code Last-Event-ID} header (just after that event); with none,
   * at the next entry to apply.
   */
  static EventLog.Position from(ApiRequest r, long nextIndex, EventLog.Position oldest) {
    String from = r.param("from");
    // "oldest": whatever this manager still holds, for a client that wants the recent past.
    if ("oldest".equals(from)) return oldest;
    if (from != null) return position(from, "from");
    String last = r.header("Last-Event-ID");
    if (last != null && !last.isBlank()) {
      EventLog.Position p = position(last.strip(), "Last-Event-ID");
      return new EventLog.Position(p.index(), p.pos() + 1);
    }
    return new EventLog.Position(nextIndex, 0);
  }

  static EventLog.Position position(String text, String field) {
    int dot = text.indexOf('.');
    try {
      long index = Long.parseLong(dot < 0 ? text : text.substring(0, dot));
      int pos = dot < 0 ? 0 : Integer.parseInt(text.substring(dot + 1));
      if (index >= 0 && pos >= 0) return new EventLog.Position(index, pos);
    } catch (NumberFormatException e) {
      // refused below, with the field's name
    }
    throw new ApiException(ErrorCode.BAD_REQUEST, field + " must be a log index (e.g. 1200) or an event id INDEX.POS (e.g. 1200.3); got '"
        + text + "'");
  }

  /** The topics asked for ({@code topic=jobs,tasks}); all of them when the parameter is absent. */
  static Set<String> topics(ApiRequest r) {
    String t = r.param("topic");
    if (t == null) return Set.copyOf(EventView.TOPICS);
    Set<String> out = new LinkedHashSet<>();
    for (String part : t.split(",")) {
      String name = part.strip();
      if (!EventView.TOPICS.contains(name)) {
        throw new ApiException(ErrorCode.BAD_REQUEST, "topic '" + name + "' is not one of " + String.join(", ", EventView.TOPICS));
      }
      out.add(name);
    }
    return out;
  }

  /** {@code follow=false} ends the stream once it has sent what was applied when it began. */
  static boolean follow(ApiRequest r) {
    String f = r.param("follow");
    if (f == null || f.equalsIgnoreCase("true") || f.equals("1") || f.isEmpty()) return true;
    if (f.equalsIgnoreCase("false") || f.equals("0")) return false;
    throw new ApiException(ErrorCode.BAD_REQUEST, "follow must be true or false; got '" + f + "'");
  }

  /** A blocking read's {@code index} and {@code wait}, or null for an ordinary read. */
  static Blocking blocking(ApiRequest r, Duration maxWait) {
    String index = r.param("index");
    String wait = r.param("wait");
    if (index == null) {
      if (wait != null) throw new ApiException(ErrorCode.BAD_REQUEST, "wait needs index: give index=N (from X-Orchestrate-Index) with wait");
      return null;
    }
    long n;
    try {
      n = Long.parseLong(index.strip());
    } catch (NumberFormatException e) {
      n = -1;
    }
    if (n < 0) throw new ApiException(ErrorCode.BAD_REQUEST, "index must be a log index (0 or more, from X-Orchestrate-Index); got '" + index + "'");
    if (wait == null) return new Blocking(n, maxWait);
    Duration d;
    try {
      d = DurationText.parse(wait, "wait");
    } catch (IllegalArgumentException e) {
      throw new ApiException(ErrorCode.BAD_REQUEST, e.getMessage());
    }
    if (d.isZero() || d.compareTo(maxWait) > 0) {
      throw new ApiException(ErrorCode.BAD_REQUEST, "wait must be more than 0 and at most " + DurationText.format(maxWait) + "; got '" + wait + "'");
    }
    return new Blocking(n, d);
  }
}
