package io.orchestrate.core.spec;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Checks a parsed job spec and names every field that is wrong. Pure; runs on the manager before anything is proposed. */
public final class JobSpecValidator {
  /** DNS-label style, so names can become container names and hostnames. */
  private static final Pattern NAME = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
  private static final Pattern ENV_KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  /**
   * A container user: a user name or uid, optionally {@code :group} or {@code :gid}. Names are
   * POSIX portable names (the engine looks them up in the image's /etc/passwd); ids are decimal.
   */
  private static final Pattern USER_PART = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]{0,31}|[0-9]{1,10}");

  public static final int MAX_NAME_LENGTH = 63;
  public static final int MAX_TASK_SPECS = 100;
  public static final int MAX_COUNT = 1000;
  public static final int MAX_INSTANCES = 5000;
  public static final double MAX_CPU = 1024;
  public static final long MAX_MEMORY_MB = 16L * 1024 * 1024;
  public static final int MAX_RESTARTS = 1000;
  public static final int MAX_DELAY_SECONDS = 3600;
  public static final int MAX_FAILURE_THRESHOLD = 100;
  public static final int MAX_SECRETS = 64;
  /** Characters per secret value: a certificate or key fits; far below Linux's 128 KiB per variable. */
  public static final int MAX_SECRET_CHARS = 32 * 1024;

  private JobSpecValidator() {}

  public static List<String> problems(JobSpec spec) {
    List<String> p = new ArrayList<>();
    if (spec == null) {
      p.add("job must not be empty");
      return p;
    }
    name(p, "name", spec.name());
    if (spec.scheduler() != null && !JobSpec.SCHEDULERS.contains(spec.scheduler())) {
      p.add("scheduler must be one of " + String.join(", ", JobSpec.SCHEDULERS) + " (got '" + shown(spec.scheduler()) + "')");
    }
    if (spec.tasks().isEmpty()) {
      p.add("tasks must list at least one task");
    } else if (spec.tasks().size() > MAX_TASK_SPECS) {
      p.add("tasks must list at most " + MAX_TASK_SPECS + " tasks (got " + spec.tasks().size() + ")");
    }
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < spec.tasks().size(); i++) {
      String at = "tasks[" + i + "]";
      TaskSpec t = spec.tasks().get(i);
      if (t == null) {
        p.add(at + " must not be empty");
        continue;
      }
      if (name(p, at + ".name", t.name()) && !seen.add(t.name())) {
        p.add(at + ".name '" + t.name() + "' is used by an earlier task");
      }
      task(p, at, t);
    }
    if (p.isEmpty() && spec.instanceCount() > MAX_INSTANCES) {
      p.add("tasks: the counts add up to " + spec.instanceCount() + ", more than " + MAX_INSTANCES + " per job");
    }
    return p;
  }

  public static JobSpec requireValid(JobSpec spec) {
    List<String> p = problems(spec);
    if (!p.isEmpty()) throw new InvalidSpecException(p);
    return spec;
  }

  private static void task(List<String> p, String at, TaskSpec t) {
    if (t.image() == null || t.image().isBlank()) {
      p.add(at + ".image is required");
    } else if (t.image().chars().anyMatch(Character::isWhitespace)) {
      p.add(at + ".image must not contain whitespace");
    }
    for (int j = 0; j < t.command().size(); j++) {
      if (t.command().get(j) == null) p.add(at + ".command[" + j + "] must not be null");
    }
    for (Map.Entry<String, String> e : t.env().entrySet()) {
      if (!ENV_KEY.matcher(e.getKey()).matches()) {
        p.add(at + ".env key '" + e.getKey() + "' must match [A-Za-z_][A-Za-z0-9_]*");
      }
      if (e.getValue() == null) p.add(at + ".env." + e.getKey() + " must not be null");
    }
    secrets(p, at, t);
    if (t.constraints().size() > PlacementConstraint.MAX_PER_GROUP) {
      p.add(at + ".constraints must list at most " + PlacementConstraint.MAX_PER_GROUP + " rules (got " + t.constraints().size() + ")");
    } else {
      for (int k = 0; k < t.constraints().size(); k++) PlacementConstraint.problems(p, at + ".constraints[" + k + "]", t.constraints().get(k));
    }
    if (t.count() < 1) p.add(at + ".count must be >= 1 (got " + t.count() + ")");
    if (t.count() > MAX_COUNT) p.add(at + ".count must be <= " + MAX_COUNT + " (got " + t.count() + ")");
    Resources r = t.resources();
    if (!(r.cpu() > 0)) p.add(at + ".resources.cpu must be > 0 (got " + r.cpu() + ")");
    if (r.cpu() > MAX_CPU) p.add(at + ".resources.cpu must be <= " + (int) MAX_CPU);
    if (r.memoryMb() <= 0) p.add(at + ".resources.memoryMb must be > 0 (got " + r.memoryMb() + ")");
    if (r.memoryMb() > MAX_MEMORY_MB) p.add(at + ".resources.memoryMb must be <= " + MAX_MEMORY_MB);
    if (r.diskMb() < 0) p.add(at + ".resources.diskMb must be >= 0 (got " + r.diskMb() + ")");
    ReschedulePolicy rs = t.reschedule();
    if (rs.attempts() < 0 || rs.attempts() > MAX_RESTARTS) {
      p.add(at + ".reschedule.attempts must be between 0 and " + MAX_RESTARTS + " (got " + rs.attempts() + ")");
    }
    if (rs.delaySeconds() < 0 || rs.delaySeconds() > MAX_DELAY_SECONDS) {
      p.add(at + ".reschedule.delaySeconds must be between 0 and " + MAX_DELAY_SECONDS + " (got " + rs.delaySeconds() + ")");
    }
    if (rs.maxDelaySeconds() < rs.delaySeconds() || rs.maxDelaySeconds() > 24 * MAX_DELAY_SECONDS) {
      p.add(at + ".reschedule.maxDelaySeconds must be at least delaySeconds and at most " + 24 * MAX_DELAY_SECONDS);
    }
    RestartPolicy rp = t.restart();
    if (rp.maxRestarts() < 0 || rp.maxRestarts() > MAX_RESTARTS) {
      p.add(at + ".restart.maxRestarts must be between 0 and " + MAX_RESTARTS + " (got " + rp.maxRestarts() + ")");
    }
    if (rp.delaySeconds() < 0 || rp.delaySeconds() > MAX_DELAY_SECONDS) {
      p.add(at + ".restart.delaySeconds must be between 0 and " + MAX_DELAY_SECONDS + " (got " + rp.delaySeconds() + ")");
    }
    if (t.health() != null) health(p, at + ".health", t.health());
    if (t.network() != null && !NetworkMode.ALL.contains(t.network())) {
      p.add(at + ".network must be one of " + String.join(", ", NetworkMode.ALL) + " (got '" + t.network() + "')");
    }
    if (t.user() != null) user(p, at + ".user", t.user());
    if (t.update() != null) UpdatePolicy.problems(p, at + ".update", t.update(), t.count());
  }

  private static void user(List<String> p, String at, String user) {
    String[] parts = user.split(":", -1);
    boolean ok = parts.length <= 2;
    for (String part : parts) ok &= USER_PART.matcher(part).matches() && (!Character.isDigit(part.charAt(0)) || Long.parseLong(part) <= Integer.MAX_VALUE);
    if (!ok) {
      String shown = user.length() > 80 ? user.substring(0, 80) + "..." : user;
      p.add(at + " must be a user name or uid, optionally followed by :group or :gid (e.g. nginx, 1000, 1000:1000; got '" + shown + "')");
    }
  }

  /** Every problem names the secret, never its value. */
  private static void secrets(List<String> p, String at, TaskSpec t) {
    Map<String, String> s = t.secrets().values();
    if (s.size() > MAX_SECRETS) p.add(at + ".secrets must list at most " + MAX_SECRETS + " secrets (got " + s.size() + ")");
    for (Map.Entry<String, String> e : s.entrySet()) {
      String field = at + ".secrets." + e.getKey();
      if (!ENV_KEY.matcher(e.getKey()).matches()) {
        p.add(at + ".secrets key '" + e.getKey() + "' must match [A-Za-z_][A-Za-z0-9_]*");
      }
      if (t.env().containsKey(e.getKey())) p.add(field + " is also set in " + at + ".env; a name goes in one or the other");
      String v = e.getValue();
      if (v == null) {
        p.add(field + " must not be null");
      } else if (v.length() > MAX_SECRET_CHARS) {
        p.add(field + " must be at most " + MAX_SECRET_CHARS + " characters (got " + v.length() + ")");
      } else if (v.equals(Secrets.REDACTED)) {
        // A spec copied from a view carries the placeholder; running it would hand that to the task.
        p.add(field + " is \"" + Secrets.REDACTED + "\", the placeholder views show; give the real value");
      } else if (v.indexOf('\0') >= 0) {
        p.add(field + " must not contain a NUL character");
      }
    }
  }

  private static void health(List<String> p, String at, HealthCheck h) {
    if (h.type() == null) {
      p.add(at + ".type is required (http, tcp or command)");
      return;
    }
    switch (h.type()) {
      case HTTP -> {
        port(p, at, h.port());
        if (h.path() == null || !h.path().startsWith("/")) p.add(at + ".path must start with '/' (got '" + h.path() + "')");
        else if (h.path().chars().anyMatch(c -> c <= ' ' || c == 127)) p.add(at + ".path must not contain spaces or control characters");
        if (!h.command().isEmpty()) p.add(at + ".command is only for type command");
      }
      case TCP -> {
        port(p, at, h.port());
        if (h.path() != null) p.add(at + ".path is only for type http");
        if (!h.command().isEmpty()) p.add(at + ".command is only for type command");
      }
      case COMMAND -> {
        if (h.command().isEmpty()) p.add(at + ".command is required for type command");
        for (int j = 0; j < h.command().size(); j++) {
          if (h.command().get(j) == null) p.add(at + ".command[" + j + "] must not be null");
        }
        if (h.port() != null) p.add(at + ".port is only for types http and tcp");
        if (h.path() != null) p.add(at + ".path is only for type http");
      }
    }
    between(p, at + ".intervalSeconds", h.intervalSeconds(), 1, MAX_DELAY_SECONDS);
    between(p, at + ".timeoutSeconds", h.timeoutSeconds(), 1, MAX_DELAY_SECONDS);
    between(p, at + ".failureThreshold", h.failureThreshold(), 1, MAX_FAILURE_THRESHOLD);
    between(p, at + ".gracePeriodSeconds", h.gracePeriodSeconds(), 0, MAX_DELAY_SECONDS);
  }

  private static void port(List<String> p, String at, Integer port) {
    if (port == null) p.add(at + ".port is required");
    else between(p, at + ".port", port, 1, 65535);
  }

  private static void between(List<String> p, String field, int value, int min, int max) {
    if (value < min || value > max) p.add(field + " must be between " + min + " and " + max + " (got " + value + ")");
  }

  /** A user's value as an error may echo it: at most 64 characters. */
  private static String shown(String v) {
    return v.length() > 64 ? v.substring(0, 64) + "..." : v;
  }

  /** Returns true when the name is present and well-formed. */
  private static boolean name(List<String> p, String field, String value) {
    if (value == null || value.isEmpty()) {
      p.add(field + " is required");
      return false;
    }
    if (value.length() > MAX_NAME_LENGTH) {
      p.add(field + " must be at most " + MAX_NAME_LENGTH + " characters");
      return false;
    }
    if (!NAME.matcher(value).matches()) {
      p.add(field + " '" + value + "' must be lowercase letters, digits and '-', starting and ending with a letter or digit");
      return false;
    }
    return true;
  }
}
