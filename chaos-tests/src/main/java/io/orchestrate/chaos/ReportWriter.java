package io.orchestrate.chaos;

import io.orchestrate.chaos.checker.CheckReport;
import io.orchestrate.chaos.checker.DesiredVsRunning;
import io.orchestrate.chaos.checker.FaultEvent;
import io.orchestrate.chaos.checker.History;
import io.orchestrate.chaos.checker.InvariantResult;
import io.orchestrate.chaos.checker.Op;
import io.orchestrate.chaos.checker.OpKind;
import io.orchestrate.chaos.checker.Outcome;
import io.orchestrate.chaos.checker.WorkerCopies;
import io.orchestrate.core.codec.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;

/** Writes {@code history.json} (the whole history) and {@code report.txt} (the summary it returns) into a run's directory. */
final class ReportWriter {
  private ReportWriter() {}

  static String write(ChaosSettings s, History h, CheckReport report, Duration wall, Path dir) throws IOException {
    Files.createDirectories(dir);
    try (OutputStream out = Files.newOutputStream(dir.resolve("history.json"))) {
      Json.lenient().writeValue(out, h);
    }
    String summary = summary(s, h, report, wall, dir);
    Files.writeString(dir.resolve("report.txt"), summary);
    return summary;
  }

  static String summary(ChaosSettings s, History h, CheckReport report, Duration wall, Path dir) {
    StringBuilder b = new StringBuilder();
    b.append("chaos run ").append(s.name()).append(": seed ").append(Long.toUnsignedString(s.seed()))
        .append(" (replay: -Dchaos.seed=").append(s.seed()).append(")\n");
    b.append(String.format("cluster: %d managers, %d workers, %d clients%s; faulty phase %.2f min, wall time %.2f min%n",
        s.managers(), s.workers(), s.clients(),
        (s.unsafeManagers() ? ", UNSAFE managers (ack before commit)" : "") + (s.unsafeWorkers() ? ", UNSAFE workers (never stop a task)" : ""),
        s.duration().toMillis() / 60_000.0, wall.toMillis() / 60_000.0));
    Map<Outcome, Integer> byOutcome = new EnumMap<>(Outcome.class);
    Map<OpKind, Map<Outcome, Integer>> byKind = new EnumMap<>(OpKind.class);
    for (Op op : h.ops()) {
      byOutcome.merge(op.outcome(), 1, Integer::sum);
      byKind.computeIfAbsent(op.kind(), k -> new EnumMap<>(Outcome.class)).merge(op.outcome(), 1, Integer::sum);
    }
    b.append("operations: ").append(h.ops().size()).append(' ').append(byOutcome).append('\n');
    byKind.forEach((k, v) -> b.append("  ").append(k).append(' ').append(v).append('\n'));
    Map<String, Integer> faults = new TreeMap<>();
    for (FaultEvent f : h.injectedFaults()) faults.merge(f.kind(), 1, Integer::sum);
    b.append("faults injected: ").append(h.injectedFaults().size()).append(' ').append(faults).append('\n');
    for (FaultEvent f : h.faults()) {
      if (!f.injected()) b.append("  refused by the engine, not counted: ").append(f.kind()).append(' ').append(f.targets()).append(": ").append(f.note()).append('\n');
    }
    b.append("node list samples (observer): ").append(h.nodeSamples().size()).append('\n');
    b.append("worker journals:");
    for (WorkerCopies w : h.workers()) {
      b.append(' ').append(w.node()).append(' ');
      if (w.error() != null) {
        b.append("UNREADABLE (").append(w.error()).append(')');
      } else {
        long running = w.copies().stream().filter(c -> c.running()).count();
        b.append(w.copies().size()).append(" copies (").append(running).append(" running at the end");
        if (w.dropped() > 0) b.append(", ").append(w.dropped()).append(" dropped");
        b.append(')');
      }
    }
    b.append('\n');
    b.append("desired vs running after the heal (last look):");
    for (DesiredVsRunning l : h.desiredVsRunning()) {
      b.append(' ').append(l.node()).append(' ');
      if (l.error() != null) {
        b.append("NOT COMPARED (").append(l.error()).append(')');
      } else {
        b.append(String.format("(%d desired, %d running, %s, %.1f s after the heal)", l.desired().size(), l.running().size(),
            l.settled() ? "equal" : "DIFFERENT", (l.atNanos() - h.healedNanos()) / 1e9));
      }
    }
    b.append('\n');
    b.append("leader after final heal: ").append(h.leaderAfterHealMillis() == null ? "none" : h.leaderAfterHealMillis() + " ms").append('\n');
    b.append("invariants:\n");
    for (InvariantResult r : report.results()) {
      b.append("  ").append(r.passed() ? "PASS " : "FAIL ").append(r.name()).append(" (checked ").append(r.checked()).append(")");
      if (!r.passed()) b.append("\n       first counterexample: ").append(r.counterexample());
      b.append('\n');
    }
    long violations = report.results().stream().filter(r -> !r.passed()).count();
    b.append("violations: ").append(violations).append('\n');
    b.append("files: ").append(dir.resolve("history.json")).append(", ").append(dir.resolve("report.txt")).append(", ").append(dir.resolve("logs")).append('\n');
    return b.toString();
  }
}
