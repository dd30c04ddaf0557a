package io.orchestrate.chaos;

import com.github.dockerjava.api.exception.DockerException;
import io.orchestrate.chaos.checker.FaultEvent;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Injects the schedule's faults one after the other into the managers: inject, hold, heal (restart
 * the killed, unpause, drop every partition), stay healthy for a while, next. Each fault is
 * recorded with its victims and times. Runs on the caller's thread.
 */
final class Nemesis {
  private static final Logger LOG = LoggerFactory.getLogger(Nemesis.class);
  static final int MAX_FAULTS = 10_000;

  private final ChaosCluster cluster;
  private final FaultSchedule schedule;
  private final Recorder recorder;

  Nemesis(ChaosCluster cluster, FaultSchedule schedule, Recorder recorder) {
    this.cluster = cluster;
    this.schedule = schedule;
    this.recorder = recorder;
  }

  /** Injects faults until {@code untilNanos} (recorder time); returns with the cluster healed. */
  void run(long untilNanos) throws IOException, InterruptedException {
    for (int i = 0; i < MAX_FAULTS && recorder.now() < untilNanos; i++) {
      FaultSchedule.Step step = schedule.next();
      long start = recorder.now();
      List<String> targets = new ArrayList<>();
      String note;
      boolean injected = true;
      try {
        note = inject(step, targets);
      } catch (DockerException e) {
        // The engine refused (seen: "OCI runtime pause failed: unable to freeze" on a loaded host). Nothing holds,
        // so heal whatever part was done and go on; the history keeps it apart from the faults injected.
        injected = false;
        note = "not injected: " + e.getMessage();
        LOG.warn("fault {} on {} could not be injected: {}", step.kind(), targets, e.getMessage());
      }
      if (injected) TimeUnit.MILLISECONDS.sleep(step.hold().toMillis()); // the fault lasting is the point here
      cluster.healAll();
      FaultEvent e = new FaultEvent(step.kind().name(), targets, start, recorder.now(), note, injected);
      recorder.fault(e);
      if (injected) LOG.info("fault {} on {} for {} ms{}", step.kind(), targets, step.hold().toMillis(), note == null ? "" : " (" + note + ")");
      TimeUnit.MILLISECONDS.sleep(step.quiet().toMillis());
    }
  }

  private String inject(FaultSchedule.Step step, List<String> targets) throws IOException {
    Random pick = new Random(step.pick());
    List<Node> managers = cluster.managers();
    int minority = (managers.size() - 1) / 2;
    switch (step.kind()) {
      case KILL_LEADER -> {
        Victim v = leaderOr(pick, managers);
        targets.add(v.node.id());
        cluster.kill(v.node);
        return v.note;
      }
      case KILL_MINORITY -> {
        List<Node> victims = shuffled(managers, pick).subList(0, 1 + pick.nextInt(minority));
        for (Node n : victims) {
          targets.add(n.id());
          cluster.kill(n);
        }
        return null;
      }
      case PAUSE_LEADER -> {
        Victim v = leaderOr(pick, managers);
        targets.add(v.node.id());
        cluster.pause(v.node);
        return v.note;
      }
      case ISOLATE_LEADER -> {
        Victim v = leaderOr(pick, managers);
        targets.add(v.node.id());
        List<Node> others = managers.stream().filter(n -> n != v.node).toList();
        cluster.partition(List.of(v.node), others);
        return v.note;
      }
      case PARTITION_HALVES -> {
        List<Node> order = shuffled(managers, pick);
        int k = 1 + pick.nextInt(minority);
        List<Node> small = order.subList(0, k);
        List<Node> large = order.subList(k, order.size());
        small.forEach(n -> targets.add(n.id()));
        cluster.partition(small, large);
        return "minority " + small.stream().map(Node::id).toList() + " | majority " + large.stream().map(Node::id).toList();
      }
      default -> throw new IllegalStateException("unknown fault " + step.kind());
    }
  }

  private record Victim(Node node, String note) {}

  private Victim leaderOr(Random pick, List<Node> managers) {
    Optional<Node> leader = cluster.leader();
    if (leader.isPresent()) return new Victim(leader.get(), null);
    Node n = managers.get(pick.nextInt(managers.size()));
    return new Victim(n, "no leader reported; took " + n.id());
  }

  private static List<Node> shuffled(List<Node> nodes, Random pick) {
    List<Node> l = new ArrayList<>(nodes);
    Collections.shuffle(l, pick);
    return l;
  }
}
