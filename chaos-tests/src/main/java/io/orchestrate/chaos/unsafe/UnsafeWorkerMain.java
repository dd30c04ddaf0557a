package io.orchestrate.chaos.unsafe;

import io.orchestrate.security.PlainTextWarning;
import io.orchestrate.worker.Worker;
import io.orchestrate.worker.WorkerConfig;
import io.orchestrate.worker.WorkerConfigFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;

/**
 * The broken build's worker: {@code orchestrate worker} with {@link ForgetStops} on its desired
 * sets. Takes the same flags ({@code --config}, {@code --id}, {@code --data-dir}, {@code --managers},
 * {@code --driver}, {@code --cpus}, {@code --memory-mb}, {@code --disk-mb}, {@code --label},
 * {@code --advertise-host}, {@code --metrics}, {@code --ca/--cert/--key}, {@code --insecure}), as
 * {@code --flag value} or {@code --flag=value}, applies them the same way (file first, flags win,
 * labels added to the file's; no TLS options without --insecure is refused), prints the same
 * "worker ID running" line and runs until it is signalled; its tasks are left running, as
 * {@code orchestrate worker} leaves them. The chaos image holds this class next to the fat jar;
 * ChaosCluster starts unsafe workers with it.
 */
public final class UnsafeWorkerMain {
  private UnsafeWorkerMain() {}

  public static void main(String[] args) throws Exception {
    Parsed parsed;
    try {
      parsed = parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("unsafe worker: " + e.getMessage());
      System.exit(2);
      return;
    }
    WorkerConfig cfg = parsed.config();
    Worker w = new Worker(cfg, ForgetStops.hooks()).start();
    // Never closed: the process ends with the worker.
    if (parsed.insecure()) PlainTextWarning.start("unsafe worker " + cfg.id(), PlainTextWarning.WORKER_EXPOSURE);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        w.close();
      } finally {
        stopped.countDown();
      }
    }, "worker-shutdown"));
    System.out.printf("worker %s running with the %s driver, offering %s; managers %s (UNSAFE: never stops a task the leader stopped)%n",
        cfg.id(), cfg.driver(), w.capacityOffered(), cfg.managers());
    System.out.flush();
    stopped.await();
  }

  /** The configuration, and whether it runs in plain text (asked for with --insecure or config key insecure). */
  record Parsed(WorkerConfig config, boolean insecure) {}

  /** The configuration {@code orchestrate worker} would build from these arguments. */
  static WorkerConfig config(String[] args) {
    return parse(args).config();
  }

  /** As {@code orchestrate worker} reads these arguments, refusing what it refuses (plain text not asked for). */
  static Parsed parse(String[] args) {
    Path file = null;
    boolean insecure = false;
    // Flags are collected first and applied after the file, so that they win wherever they stand.
    List<Consumer<WorkerConfigFile.Settings>> apply = new ArrayList<>();
    Map<String, String> labels = new LinkedHashMap<>();
    for (UnsafeFlags.Flag f : UnsafeFlags.split(args, java.util.Set.of("--insecure"))) {
      String name = f.name();
      String v = f.value();
      switch (name) {
        case "--config" -> file = Path.of(v);
        case "--id" -> apply.add(s -> s.id = v);
        case "--data-dir" -> apply.add(s -> s.dataDir = Path.of(v));
        case "--managers" -> apply.add(s -> s.managers = v);
        case "--driver" -> apply.add(s -> s.driver = v);
        case "--allow" -> apply.add(s -> s.allow = v);
        case "--pids-limit" -> {
          long limit = number(name, v, Long::parseLong);
          apply.add(s -> s.pidsLimit = limit);
        }
        case "--cpus" -> {
          double cpus = number(name, v, Double::parseDouble);
          apply.add(s -> s.cpus = cpus);
        }
        case "--memory-mb" -> {
          long mb = number(name, v, Long::parseLong);
          apply.add(s -> s.memoryMb = mb);
        }
        case "--disk-mb" -> {
          long mb = number(name, v, Long::parseLong);
          apply.add(s -> s.diskMb = mb);
        }
        case "--label" -> {
          int at = v.indexOf('=');
          if (at <= 0) throw new IllegalArgumentException("--label must be KEY=VALUE, got '" + v + "'");
          labels.put(v.substring(0, at), v.substring(at + 1));
        }
        case "--advertise-host" -> apply.add(s -> s.advertiseHost = v);
        case "--metrics" -> apply.add(s -> s.metrics = v);
        case "--ca" -> apply.add(s -> s.ca = Path.of(v));
        case "--cert" -> apply.add(s -> s.cert = Path.of(v));
        case "--key" -> apply.add(s -> s.key = Path.of(v));
        case "--insecure" -> insecure = Boolean.parseBoolean(v);
        default -> throw new IllegalArgumentException("unknown option " + name);
      }
    }
    WorkerConfigFile.Settings s = file != null ? WorkerConfigFile.read(file) : new WorkerConfigFile.Settings();
    apply.forEach(x -> x.accept(s));
    if (!labels.isEmpty()) {
      Map<String, String> merged = new LinkedHashMap<>(s.labels == null ? Map.of() : s.labels);
      merged.putAll(labels);
      s.labels = merged;
    }
    WorkerConfig c = s.build();
    boolean plain = insecure || s.insecure;
    if (plain && c.tls() != null) throw new IllegalArgumentException(PlainTextWarning.contradiction("worker " + c.id()));
    if (!plain && c.tls() == null) throw new IllegalArgumentException(PlainTextWarning.refusal("worker " + c.id()));
    return new Parsed(c, plain);
  }

  private static <T> T number(String flag, String v, java.util.function.Function<String, T> parse) {
    try {
      return parse.apply(v.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(flag + " must be a number, got '" + v + "'");
    }
  }
}
