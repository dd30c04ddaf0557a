package io.orchestrate.manager.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.ratis.metrics.MetricRegistries;
import org.apache.ratis.metrics.RatisMetricRegistry;
import org.apache.ratis.metrics.impl.RatisMetricRegistryImpl;
import org.apache.ratis.proto.RaftProtos.RoleInfoProto;
import org.apache.ratis.proto.RaftProtos.ServerRpcProto;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.thirdparty.com.codahale.metrics.Counting;
import org.apache.ratis.thirdparty.com.codahale.metrics.Metric;
import org.apache.ratis.thirdparty.com.codahale.metrics.Sampling;

/**
 * Ratis's own figures, read on scrape from this manager's division and from the registries Ratis
 * keeps per division ({@code ratis-metrics-default}): elections this manager started and how long
 * they took, Raft log append and flush (fsync) latency, the latency of client writes from request
 * to reply, and, on the leader, each follower's lag in entries and the time since it last
 * answered. Ratis keeps its timers as decaying samples, not histograms, so their quantiles are
 * gauges labelled {@code quantile}; the project's own histograms (proposal, apply) are the ones to
 * aggregate across managers.
 *
 * <p>A registry that does not exist yet (no election so far) reads 0 for counts and NaN for
 * quantiles; a division that is closing reads NaN. Nothing here blocks on Raft.
 */
public final class RatisMeters {
  /** The division, or an exception while the Raft server is not running. */
  public interface Source {
    RaftServer.Division division() throws IOException;
  }

  private static final double[] QUANTILES = {0.5, 0.99};

  private final Source source;
  private final MultiGauge followerLag;
  private final MultiGauge followerContact;

  private RatisMeters(MeterRegistry registry, Source source) {
    this.source = source;
    counter(registry, "orchestrate.ratis.elections", "leader_election", "electionCount",
        "leader elections this manager ran as a candidate, won or not");
    counter(registry, "orchestrate.ratis.election.timeouts", "leader_election", "timeoutCount",
        "times this manager heard from no leader within its election timeout (each starts an election)");
    quantiles(registry, "orchestrate.ratis.election.duration.seconds", "leader_election", "electionTime",
        "how long this manager's elections took");
    counter(registry, "orchestrate.ratis.log.appends", "log_worker", "appendEntryCount", "entries appended to this manager's Raft log");
    quantiles(registry, "orchestrate.ratis.log.append.seconds", "log_worker", "appendEntryLatency",
        "time to append an entry to this manager's Raft log");
    counter(registry, "orchestrate.ratis.log.flushes", "log_worker", "flushCount", "Raft log flushes (fsync) on this manager");
    quantiles(registry, "orchestrate.ratis.log.flush.seconds", "log_worker", "flushTime", "time of one Raft log flush (fsync)");
    quantiles(registry, "orchestrate.ratis.client.write.seconds", "server", "clientWriteRequest",
        "Ratis's time from a write request to its reply (committed and applied) on the leader");
    followerLag = MultiGauge.builder("orchestrate.raft.follower.lag")
        .description("entries the leader holds that a follower has not matched yet, from the leader's view (only the leader reports)")
        .register(registry);
    followerContact = MultiGauge.builder("orchestrate.raft.follower.last.contact.seconds")
        .description("seconds since a follower last answered the leader (only the leader reports)").register(registry);
  }

  /**
   * Registers the meters; the follower rows are recomputed before each scrape of {@code metrics}.
   * That hook also keeps this object reachable, which the counters need: Micrometer holds a
   * function counter's object only weakly.
   */
  public static void register(ManagerMetrics metrics, Source source) {
    RatisMeters m = new RatisMeters(metrics.registry(), source);
    metrics.beforeScrape(m::refreshFollowers);
  }

  /**
   * One row per follower while this manager leads, none otherwise. The follower list and match
   * indexes are read in two calls; Ratis builds both from the same list of log appenders, and a
   * membership change between them (the two lists then differ in length or order) skips this
   * refresh rather than pair a follower with another's index.
   */
  void refreshFollowers() {
    List<MultiGauge.Row<?>> lag = new ArrayList<>();
    List<MultiGauge.Row<?>> contact = new ArrayList<>();
    RaftServer.Division d;
    try {
      d = source.division();
    } catch (IOException | RuntimeException e) {
      clear();
      return;
    }
    RoleInfoProto before = d.getInfo().getRoleInfoProto();
    if (!before.hasLeaderInfo()) {
      clear();
      return;
    }
    long[] match = d.getInfo().getFollowerMatchIndices();
    RoleInfoProto after = d.getInfo().getRoleInfoProto();
    List<ServerRpcProto> followers = before.getLeaderInfo().getFollowerInfoList();
    if (match.length != followers.size() || !sameIds(followers, after)) return;
    org.apache.ratis.server.protocol.TermIndex lastEntry = d.getRaftLog().getLastEntryTermIndex();
    long last = lastEntry == null ? 0 : lastEntry.getIndex();
    for (int i = 0; i < followers.size(); i++) {
      Tags t = Tags.of("follower", followers.get(i).getId().getId().toStringUtf8());
      lag.add(MultiGauge.Row.of(t, Math.max(0, last - match[i])));
      contact.add(MultiGauge.Row.of(t, followers.get(i).getLastRpcElapsedTimeMs() / 1000.0));
    }
    followerLag.register(lag, true);
    followerContact.register(contact, true);
  }

  private void clear() {
    followerLag.register(List.of(), true);
    followerContact.register(List.of(), true);
  }

  private static boolean sameIds(List<ServerRpcProto> a, RoleInfoProto after) {
    if (!after.hasLeaderInfo()) return false;
    List<ServerRpcProto> b = after.getLeaderInfo().getFollowerInfoList();
    if (a.size() != b.size()) return false;
    for (int i = 0; i < a.size(); i++) if (!a.get(i).getId().getId().equals(b.get(i).getId().getId())) return false;
    return true;
  }

  private void counter(MeterRegistry registry, String name, String component, String metric, String help) {
    FunctionCounter.builder(name, this, m -> {
      Metric v = m.ratisMetric(component, metric);
      return v instanceof Counting c ? c.getCount() : 0;
    }).description(help + " (Ratis " + component + "/" + metric + ")").register(registry);
  }

  private void quantiles(MeterRegistry registry, String name, String component, String metric, String help) {
    for (double q : QUANTILES) {
      Gauge.builder(name, this, m -> {
        Metric v = m.ratisMetric(component, metric);
        if (!(v instanceof Sampling s)) return Double.NaN;
        // Ratis's timers sample nanoseconds.
        return s.getSnapshot().getValue(q) / 1e9;
      }).strongReference(true).tag("quantile", Double.toString(q)).description(help + " (Ratis " + component + "/" + metric + ")").register(registry);
    }
  }

  /** The named metric of this division's Ratis registry for {@code component}, or null. */
  private Metric ratisMetric(String component, String metric) {
    String prefix;
    try {
      prefix = source.division().getMemberId().toString();
    } catch (IOException | RuntimeException e) {
      return null;
    }
    for (RatisMetricRegistry r : MetricRegistries.global().getMetricRegistries()) {
      if (r.getMetricRegistryInfo().getPrefix().equals(prefix) && r.getMetricRegistryInfo().getMetricsComponentName().equals(component)
          && r instanceof RatisMetricRegistryImpl impl) {
        return impl.get(metric);
      }
    }
    return null;
  }
}
