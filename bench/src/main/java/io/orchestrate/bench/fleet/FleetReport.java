package io.orchestrate.bench.fleet;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.orchestrate.client.Table;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/**
 * The figures of one {@code bench fleet} run, printed as a table or written as JSON ({@code --json
 * FILE}); field names are the JSON keys scripts read.
 *
 * @param managers          what the managers were (child processes, in-process)
 * @param start             the fleet's start, until every node was READY
 * @param placement         submission to all RUNNING, as the API shows it
 * @param memory            each manager after a full collection, once every task ran
 * @param frames            what the simulated workers received
 * @param snapshot          a snapshot download through the API
 * @param failover          the leader killed and restarted; null with --no-failover
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FleetReport(
    String managers,
    int nodes,
    long tasks,
    int jobs,
    int tasksPerJob,
    int inFlight,
    Start start,
    Placement placement,
    List<Memory> memory,
    Frames frames,
    Snapshot snapshot,
    Failover failover) {

  /**
   * @param seconds     fleet start to every node READY in the leader's state
   * @param declaredDown nodes the leader declared DOWN while the fleet registered (made to reconnect; 0 on a machine with room)
   * @param reconnects  reconnections asked of those nodes
   */
  public record Start(double seconds, long declaredDown, long reconnects) {}

  /**
   * @param submitSeconds     first submission sent to the last one accepted
   * @param allRunningSeconds first submission sent to every task RUNNING in the leader's state
   * @param placementsPerSecond tasks / allRunningSeconds
   */
  public record Placement(double submitSeconds, double allRunningSeconds, double placementsPerSecond) {}

  /**
   * @param role             the manager's role when it was measured
   * @param heapAfterGcBytes -1 when unknown (in-process, or jcmd failed: see problem)
   * @param heapBytesPerTask heap after GC divided by the tasks, -1 when unknown
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Memory(String id, String role, long pid, long heapAfterGcBytes, long rssBytes, long heapBytesPerTask, String problem) {}

  /**
   * @param largestDesiredBytes the largest Desired frame any worker received, without its length prefix
   * @param registrations       Registered answers: one per worker, plus one per reconnection
   * @param resets              connections that ended in an I/O error (a manager killed)
   * @param protocolErrors      connections dropped over a frame that could not be read: must be 0
   */
  public record Frames(long largestDesiredBytes, long desired, long total, long totalBytes, long taskStatusMessages,
      long registrations, long notLeaderAnswers, long resets, long protocolErrors) {}

  /** @param from the manager that answered */
  public record Snapshot(long bytes, long millis, String from) {}

  /**
   * @param killed              the leader SIGKILLed
   * @param newLeader           who leads after
   * @param writeAcceptedMs     kill to the first write a survivor committed
   * @param workersBackMs       kill to every simulated worker registered with the new leader
   * @param catchUpMs           restart of the killed manager to its applied index reaching the leader's
   * @param observedSeconds     kill to the end of the watch for moved tasks (at least two node TTLs)
   * @param removedTasks        tasks held at the kill that a worker was later told to stop
   * @param regeneratedTasks    tasks held at the kill sent again with another generation
   * @param runningAfter        the bench's tasks RUNNING in the leader's state at the end
   */
  public record Failover(String killed, String newLeader, long writeAcceptedMs, long workersBackMs, long catchUpMs, double observedSeconds,
      long removedTasks, long regeneratedTasks, long runningAfter) {
    @com.fasterxml.jackson.annotation.JsonProperty("movedTasks")
    public long movedTasks() {
      return removedTasks + regeneratedTasks;
    }
  }

  public void printText(PrintWriter out) {
    out.println();
    out.println("summary");
    Table t = new Table("FIGURE", "VALUE");
    t.row("managers", managers);
    t.row("fleet", String.format(Locale.ROOT, "%,d simulated nodes, %,d tasks in %,d jobs of %,d, %d submissions in flight",
        nodes, tasks, jobs, tasksPerJob, inFlight));
    t.row("fleet start", String.format(Locale.ROOT, "all nodes READY in %.1f s%s", start.seconds,
        start.declaredDown == 0 ? "" : String.format(Locale.ROOT, "; %,d declared DOWN while registering, reconnected", start.declaredDown)));
    t.row("all RUNNING after", String.format(Locale.ROOT, "%.1f s (submissions took %.1f s)", placement.allRunningSeconds, placement.submitSeconds));
    t.row("placements/s", String.format(Locale.ROOT, "%,.0f", placement.placementsPerSecond));
    for (Memory m : memory) {
      t.row("manager " + m.id + " (" + m.role + ")", m.heapAfterGcBytes < 0
          ? "heap unknown" + (m.problem == null ? "" : ": " + m.problem) + (m.rssBytes < 0 ? "" : "; rss " + mib(m.rssBytes))
          : String.format(Locale.ROOT, "heap after full GC %s (%,d bytes/task), rss %s", mib(m.heapAfterGcBytes), m.heapBytesPerTask,
              m.rssBytes < 0 ? "unknown" : mib(m.rssBytes)));
    }
    t.row("largest Desired frame", String.format(Locale.ROOT, "%,d bytes", frames.largestDesiredBytes));
    t.row("frames received", String.format(Locale.ROOT, "%,d (%s), %,d of them Desired; %,d TaskStatus sent",
        frames.total, mib(frames.totalBytes), frames.desired, frames.taskStatusMessages));
    t.row("registrations", String.format(Locale.ROOT, "%,d (NotLeader answers %,d, resets %,d, protocol errors %,d)",
        frames.registrations, frames.notLeaderAnswers, frames.resets, frames.protocolErrors));
    t.row("snapshot", String.format(Locale.ROOT, "%s in %,d ms (from %s)", mib(snapshot.bytes), snapshot.millis, snapshot.from));
    if (failover == null) {
      t.row("failover", "not run (--no-failover)");
    } else {
      Failover f = failover;
      t.row("failover", "killed leader " + f.killed + " (SIGKILL); new leader " + f.newLeader);
      t.row("  write accepted", String.format(Locale.ROOT, "%,d ms after the kill", f.writeAcceptedMs));
      t.row("  workers back", String.format(Locale.ROOT, "all %,d registered with the new leader %,d ms after the kill", nodes, f.workersBackMs));
      t.row("  restart caught up", String.format(Locale.ROOT, "%,d ms from restart (JVM start included) to the leader's applied index", f.catchUpMs));
      t.row("  tasks moved", String.format(Locale.ROOT, "%d (removed %d, new generation %d) in %.0f s watched; %,d of %,d RUNNING after",
          f.movedTasks(), f.removedTasks, f.regeneratedTasks, f.observedSeconds, f.runningAfter, tasks));
    }
    t.print(out);
    out.flush();
  }

  static String mib(long bytes) {
    return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024.0));
  }
}
