package io.orchestrate.core.command;

import io.orchestrate.core.feature.FeatureLevel;
import io.orchestrate.core.model.ApiToken;
import io.orchestrate.core.model.ManagerInfo;
import io.orchestrate.core.model.TokenRole;
import io.orchestrate.core.spec.JobSpecValidator;
import io.orchestrate.core.spec.Resources;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Whether a command may enter the log, whoever proposes it. The leader runs these checks on every
 * entry before it is appended (a raw Raft client reaches the same path as the manager's own
 * proposer), and the manager's services run them before they propose, so a request refused here
 * is refused the same way by either door. Checks are about form only (ids, sizes, required
 * fields, the job spec's own rules); whether a command still makes sense against the state (a
 * stopped job, a stale placement) is decided at apply and answered there.
 *
 * <p>These rules never run at apply: a rule added here in a later release must not make an
 * earlier release's committed entries unreadable.
 */
public final class CommandChecks {
  /** Job, task and node ids: safe as file names, container labels and URL path segments. */
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
  public static final int MAX_TEXT = 4096;
  public static final int MAX_IDEMPOTENCY_KEY = 128;
  public static final int MAX_LABELS = 64;
  /** More voters than any Raft group runs with; bounds what a raw client can put in one entry. */
  public static final int MAX_VOTERS = 64;

  private CommandChecks() {}

  /** Whether {@code id} is well-formed for a job, task, node or manager. */
  public static boolean isId(String id) {
    return id != null && ID.matcher(id).matches() && !id.contains("..");
  }

  /** Every problem found, each naming its field; empty when the command may be proposed. */
  public static List<String> problems(Command c) {
    List<String> p = new ArrayList<>();
    if (c == null) {
      p.add("command must not be null");
      return p;
    }
    check(p, "", c);
    return p;
  }

  /** Throws {@link InvalidCommandException} listing every problem, or returns {@code c}. */
  public static <C extends Command> C requireValid(C c) {
    List<String> p = problems(c);
    if (!p.isEmpty()) throw new InvalidCommandException(c == null ? "null" : c.type().tag(), p);
    return c;
  }

  private static void check(List<String> p, String at, Command c) {
    switch (c.type()) {
      case SUBMIT_JOB -> submit(p, at, (SubmitJob) c);
      case STOP_JOB -> id(p, at + "jobId", ((StopJob) c).jobId());
      case UPDATE_JOB -> update(p, at, (UpdateJob) c);
      case STEP_DEPLOYMENT -> DeploymentChecks.step(p, at, (StepDeployment) c);
      case FAIL_DEPLOYMENT -> DeploymentChecks.fail(p, at, (FailDeployment) c);
      case RESTART_JOB -> DeploymentChecks.restart(p, at, (RestartJob) c);
      case REGISTER_MANAGER -> manager(p, at + "manager", ((RegisterManager) c).manager());
      case REGISTER_NODE -> registerNode(p, at, (RegisterNode) c);
      case MARK_NODE_DOWN -> {
        MarkNodeDown d = (MarkNodeDown) c;
        id(p, at + "nodeId", d.nodeId());
        text(p, at + "reason", d.reason(), false);
      }
      case PLACE_TASKS -> {
        List<PlaceTasks.Placement> placements = ((PlaceTasks) c).placements();
        for (int i = 0; i < placements.size(); i++) {
          String f = at + "placements[" + i + "]";
          PlaceTasks.Placement pl = placements.get(i);
          if (pl == null) {
            p.add(f + " must not be null");
            continue;
          }
          id(p, f + ".taskId", pl.taskId());
          id(p, f + ".nodeId", pl.nodeId());
          if (pl.expectedVersion() < 0) p.add(f + ".expectedVersion must be >= 0");
        }
      }
      case REPORT_TASKS -> reports(p, at, ((ReportTasks) c).reports());
      case SET_PENDING_REASONS -> {
        for (Map.Entry<String, String> e : ((SetPendingReasons) c).reasons().entrySet()) {
          id(p, at + "reasons key", e.getKey());
          text(p, at + "reasons." + e.getKey(), e.getValue(), true);
        }
      }
      case RESCHEDULE_TASKS -> replacements(p, at, ((RescheduleTasks) c).replacements());
      case MIGRATE_TASKS -> replacements(p, at, ((MigrateTasks) c).replacements());
      case SET_NODE_DRAIN -> id(p, at + "nodeId", ((SetNodeDrain) c).nodeId());
      case COLLECT_GARBAGE -> {
        CollectGarbage g = (CollectGarbage) c;
        ids(p, at + "jobIds", g.jobIds());
        ids(p, at + "nodeIds", g.nodeIds());
      }
      case BOOTSTRAP_ACL -> {
        ApiToken t = ((BootstrapAcl) c).token();
        token(p, at + "token", t);
        if (t != null && t.role() != null && t.role() != TokenRole.OPERATOR) p.add(at + "token.role must be operator for a bootstrap token");
      }
      case CREATE_TOKEN -> token(p, at + "token", ((CreateToken) c).token());
      case REVOKE_TOKEN -> {
        RevokeToken r = (RevokeToken) c;
        id(p, at + "accessor", r.accessor());
        if (r.atMillis() < 0) p.add(at + "atMillis must be >= 0");
      }
      case SET_FEATURE_LEVEL -> featureLevel(p, at, (SetFeatureLevel) c);
      case BATCH -> {
        List<Command> inner = ((CommandBatch) c).commands();
        if (inner.isEmpty()) p.add(at + "commands must not be empty");
        for (int i = 0; i < inner.size(); i++) {
          String f = at + "commands[" + i + "]";
          if (inner.get(i) == null) p.add(f + " must not be null");
          else check(p, f + ".", inner.get(i));
        }
      }
    }
  }

  private static void submit(List<String> p, String at, SubmitJob s) {
    id(p, at + "jobId", s.jobId());
    if (s.idempotencyKey() != null) idempotencyKey(p, at + "idempotencyKey", s.idempotencyKey());
    if (s.atMillis() < 0) p.add(at + "atMillis must be >= 0");
    List<String> spec = JobSpecValidator.problems(s.spec());
    for (String problem : spec) p.add(at + "spec: " + problem);
    if (!spec.isEmpty()) return;
    if (s.taskIds().size() != s.spec().instanceCount()) {
      p.add(at + "taskIds holds " + s.taskIds().size() + " ids for " + s.spec().instanceCount() + " task instances");
    }
    ids(p, at + "taskIds", s.taskIds());
  }

  /** The longest note a job version carries ("revert to version 3", "scale api to 5"). */
  public static final int MAX_VERSION_NOTE = 200;

  private static void update(List<String> p, String at, UpdateJob u) {
    id(p, at + "jobId", u.jobId());
    if (u.idempotencyKey() != null) idempotencyKey(p, at + "idempotencyKey", u.idempotencyKey());
    if (u.atMillis() < 0) p.add(at + "atMillis must be >= 0");
    if (u.fromVersion() < 1) p.add(at + "fromVersion must be >= 1");
    if (u.note() != null && u.note().length() > MAX_VERSION_NOTE) p.add(at + "note must be at most " + MAX_VERSION_NOTE + " characters");
    List<String> spec = JobSpecValidator.problems(u.spec());
    for (String problem : spec) p.add(at + "spec: " + problem);
    // How many ids the update needs depends on the job's tasks at apply, which checks the count;
    // never more than the new spec's instances.
    if (spec.isEmpty() && u.taskIds().size() > u.spec().instanceCount()) {
      p.add(at + "taskIds holds " + u.taskIds().size() + " ids for at most " + u.spec().instanceCount() + " new task instances");
    }
    ids(p, at + "taskIds", u.taskIds());
  }

  /** The rule the API applies to an {@code Idempotency-Key} header, so a raw entry cannot bypass it. */
  public static void idempotencyKey(List<String> p, String field, String key) {
    if (key.isEmpty() || key.length() > MAX_IDEMPOTENCY_KEY) {
      p.add(field + " must be 1.." + MAX_IDEMPOTENCY_KEY + " characters");
      return;
    }
    for (int i = 0; i < key.length(); i++) {
      char ch = key.charAt(i);
      if (ch < 0x21 || ch > 0x7e) {
        p.add(field + " must be printable ASCII without spaces");
        return;
      }
    }
  }

  private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

  private static void token(List<String> p, String at, ApiToken t) {
    if (t == null) {
      p.add(at + " is required");
      return;
    }
    id(p, at + ".accessor", t.accessor());
    if (t.secretSha256() == null || !SHA256_HEX.matcher(t.secretSha256()).matches()) {
      // Never quoted back: a raw client that put a secret here by mistake must not see it in a log line.
      p.add(at + ".secretSha256 must be 64 lower-case hex digits (the SHA-256 of the secret, never the secret)");
    }
    if (t.role() == null) p.add(at + ".role must be one of " + TokenRole.CHOICES);
    tokenName(p, at + ".name", t.name());
    if (t.createdAtMillis() < 0) p.add(at + ".createdAtMillis must be >= 0");
  }

  /**
   * A token's name: free text for people (a team, a purpose), so not the id rule, but bounded and
   * printable: at most {@value ApiToken#MAX_NAME} characters, no control characters. Empty is allowed.
   */
  public static void tokenName(List<String> p, String field, String name) {
    if (name == null) {
      p.add(field + " is required (it may be empty)");
      return;
    }
    if (name.length() > ApiToken.MAX_NAME) p.add(field + " must be at most " + ApiToken.MAX_NAME + " characters (got " + name.length() + ")");
    for (int i = 0; i < name.length(); i++) {
      char ch = name.charAt(i);
      if (ch < 0x20 || ch == 0x7f) {
        p.add(field + " must not hold control characters");
        return;
      }
    }
  }

  private static void registerNode(List<String> p, String at, RegisterNode r) {
    id(p, at + "nodeId", r.nodeId());
    text(p, at + "address", r.address(), false);
    text(p, at + "driver", r.driver(), false);
    Resources cap = r.capacity();
    if (cap == null) {
      p.add(at + "capacity is required");
    } else if (!(cap.cpu() >= 0) || cap.memoryMb() < 0 || cap.diskMb() < 0 || cap.cpu().isInfinite()) {
      p.add(at + "capacity must be finite and >= 0 (got " + cap + ")");
    }
    if (r.allows().size() > 16) p.add(at + "allows must hold at most 16 modes");
    for (String mode : r.allows()) {
      if (mode == null || mode.isEmpty() || mode.length() > 64) p.add(at + "allows entries must be 1-64 characters");
    }
    Map<String, String> labels = r.labels();
    if (labels != null) {
      if (labels.size() > MAX_LABELS) p.add(at + "labels must hold at most " + MAX_LABELS + " entries");
      for (Map.Entry<String, String> e : labels.entrySet()) {
        text(p, at + "labels key", e.getKey(), true);
        text(p, at + "labels." + e.getKey(), e.getValue(), true);
      }
    }
  }

  private static void manager(List<String> p, String at, ManagerInfo m) {
    if (m == null) {
      p.add(at + " is required");
      return;
    }
    id(p, at + ".id", m.id());
    text(p, at + ".raftAddress", m.raftAddress(), true);
    text(p, at + ".apiAddress", m.apiAddress(), true);
    text(p, at + ".gatewayAddress", m.gatewayAddress(), true);
    if (m.featureLevel() < FeatureLevel.BASELINE) p.add(at + ".featureLevel must be >= " + FeatureLevel.BASELINE + " (got " + m.featureLevel() + ")");
  }

  private static void featureLevel(List<String> p, String at, SetFeatureLevel s) {
    if (s.level() < FeatureLevel.BASELINE) p.add(at + "level must be >= " + FeatureLevel.BASELINE + " (got " + s.level() + ")");
    if (s.atMillis() < 0) p.add(at + "atMillis must be >= 0");
    if (s.initial() && !s.voters().isEmpty()) p.add(at + "voters must be empty for an initial level");
    if (!s.initial() && s.voters().isEmpty()) p.add(at + "voters must name every voting manager and the level it supports");
    if (s.voters().size() > MAX_VOTERS) p.add(at + "voters must hold at most " + MAX_VOTERS + " managers");
    for (Map.Entry<String, Integer> e : s.voters().entrySet()) {
      if (id(p, at + "voters key", e.getKey()) && (e.getValue() == null || e.getValue() < FeatureLevel.BASELINE)) {
        p.add(at + "voters." + e.getKey() + " must be >= " + FeatureLevel.BASELINE);
      }
    }
  }

  private static void reports(List<String> p, String at, List<ReportTasks.Report> reports) {
    for (int i = 0; i < reports.size(); i++) {
      String f = at + "reports[" + i + "]";
      ReportTasks.Report r = reports.get(i);
      if (r == null) {
        p.add(f + " must not be null");
        continue;
      }
      id(p, f + ".nodeId", r.nodeId());
      id(p, f + ".taskId", r.taskId());
      if (r.state() == null) p.add(f + ".state is required");
      if (r.generation() < 0) p.add(f + ".generation must be >= 0");
      if (r.restarts() < 0) p.add(f + ".restarts must be >= 0");
      text(p, f + ".containerId", r.containerId(), false);
      text(p, f + ".reason", r.reason(), false);
      text(p, f + ".health", r.health(), false);
    }
  }

  private static void replacements(List<String> p, String at, List<RescheduleTasks.Replacement> replacements) {
    Set<String> created = new HashSet<>();
    for (int i = 0; i < replacements.size(); i++) {
      String f = at + "replacements[" + i + "]";
      RescheduleTasks.Replacement r = replacements.get(i);
      if (r == null) {
        p.add(f + " must not be null");
        continue;
      }
      id(p, f + ".oldTaskId", r.oldTaskId());
      if (id(p, f + ".newTaskId", r.newTaskId()) && !created.add(r.newTaskId())) {
        p.add(f + ".newTaskId '" + r.newTaskId() + "' is used twice");
      }
    }
  }

  static void ids(List<String> p, String field, List<String> ids) {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < ids.size(); i++) {
      if (id(p, field + "[" + i + "]", ids.get(i)) && !seen.add(ids.get(i))) p.add(field + "[" + i + "] '" + ids.get(i) + "' is listed twice");
    }
  }

  static boolean id(List<String> p, String field, String value) {
    if (value == null) {
      p.add(field + " is required");
      return false;
    }
    if (!isId(value)) {
      p.add(field + " '" + printable(value) + "' must be 1-128 letters, digits, '.', '_' or '-', starting with a letter or digit, without '..'");
      return false;
    }
    return true;
  }

  static void text(List<String> p, String field, String value, boolean required) {
    if (value == null) {
      if (required) p.add(field + " is required");
      return;
    }
    if (value.length() > MAX_TEXT) p.add(field + " must be at most " + MAX_TEXT + " characters");
  }

  /** A value quoted back in an error, cut short and without control characters. */
  private static String printable(String s) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < s.length() && b.length() < 64; i++) {
      char ch = s.charAt(i);
      b.append(ch < 0x20 || ch == 0x7f ? '?' : ch);
    }
    if (s.length() > 64) b.append("...");
    return b.toString();
  }
}
