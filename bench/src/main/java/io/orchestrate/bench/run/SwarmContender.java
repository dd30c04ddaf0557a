package io.orchestrate.bench.run;

import com.github.dockerjava.api.model.TaskState;
import io.orchestrate.client.Time;
import io.orchestrate.core.util.DaemonThreads;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Docker swarm mode as a contender, on the same engine and image. The engine becomes a
 * single-node swarm only if it was not one already, and leaves the swarm at {@link #close()} only
 * if this contender made it join. Each trial is {@code docker service create --detach
 * --no-resolve-image --replicas N}, timed from the start of that command; the service and its
 * containers are removed before the trial returns.
 *
 * <p>Used by one thread; the engine poll of a trial runs on a helper thread it joins.
 */
public final class SwarmContender implements Contender {
  /** Docker labels every swarm task container with its service's name. */
  static final String SERVICE_LABEL = "com.docker.swarm.service.name";
  /** Task states at or past the scheduler's assignment of a node. */
  static final Set<TaskState> PLACED = EnumSet.of(TaskState.ASSIGNED, TaskState.ACCEPTED, TaskState.PREPARING, TaskState.READY,
      TaskState.STARTING, TaskState.RUNNING);

  private final BenchSettings settings;
  private final Engine engine;
  private final Time time;
  private final Poll poll;
  private final String prefix = "orch-bench-" + UUID.randomUUID().toString().substring(0, 6);
  private final List<String> services = new ArrayList<>();
  private final ExecutorService observer = Executors.newSingleThreadExecutor(DaemonThreads.named("bench-swarm-poll"));
  private boolean initialised;
  private int round;

  public SwarmContender(BenchSettings settings, Engine engine, Time time) {
    this.settings = settings;
    this.engine = engine;
    this.time = time;
    this.poll = new Poll(time);
  }

  @Override
  public String name() {
    return "swarm";
  }

  /** True when this contender turned the engine into a swarm manager (and so will make it leave). */
  public boolean initialisedSwarm() {
    return initialised;
  }

  @Override
  public void setUp() {
    String state = engine.swarmState();
    if (state.equals("active")) return;
    if (!state.equals("inactive")) {
      throw new IllegalStateException("the engine's swarm state is '" + state + "'; expected active or inactive");
    }
    engine.cli("swarm", "init", "--advertise-addr", "127.0.0.1");
    initialised = true;
  }

  @Override
  public Trial trial(int tasks) throws Exception {
    String service = prefix + "-" + (++round);
    long start = time.nanoTime();
    services.add(service);
    CompletableFuture<Poll.Progress> engineSide = CompletableFuture.supplyAsync(() -> {
      try {
        return poll.track("containers of service " + service + " running", () -> engine.runningWithLabel(SERVICE_LABEL, service),
            tasks, start, settings.enginePoll(), settings.timeout());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      }
    }, observer);
    try {
      List<String> create = new ArrayList<>(List.of("service", "create", "--detach", "--no-resolve-image", "--name", service,
          "--replicas", Integer.toString(tasks), "--limit-cpu", String.format(Locale.ROOT, "%s", settings.taskCpu()),
          "--limit-memory", settings.taskMemoryMb() + "m"));
      if (settings.network() != null) create.addAll(List.of("--network", settings.network()));
      create.addAll(List.of(settings.image(), "sleep", "3600"));
      engine.cli(create.toArray(String[]::new));
      long[] placedAt = {0};
      Duration reported = poll.until("tasks of service " + service + " running", () -> {
        List<TaskState> states = engine.swarmTaskStates(service);
        long placed = states.stream().filter(PLACED::contains).count();
        if (placed >= tasks && placedAt[0] == 0) placedAt[0] = time.nanoTime();
        return (int) states.stream().filter(st -> st == TaskState.RUNNING).count();
      }, tasks, start, settings.enginePoll(), settings.timeout());
      Poll.Progress containers = engineSide.join();
      Duration placed = placedAt[0] == 0 ? reported : Duration.ofNanos(placedAt[0] - start);
      return new Trial(placed, containers.first(), reported, containers.all());
    } finally {
      engineSide.cancel(true);
      remove(service);
    }
  }

  /** Removes the service, then its containers at once rather than after swarm's stop grace. */
  private void remove(String service) {
    try {
      engine.cli("service", "rm", service);
    } catch (IllegalStateException e) {
      if (!e.getMessage().contains("not found")) throw e;
    }
    engine.removeWithLabel(SERVICE_LABEL, service);
    services.remove(service);
  }

  @Override
  public void close() {
    observer.shutdownNow();
    List<RuntimeException> failures = new ArrayList<>();
    for (String s : List.copyOf(services)) {
      try {
        remove(s);
      } catch (RuntimeException e) {
        failures.add(e);
      }
    }
    if (initialised) {
      try {
        engine.cli("swarm", "leave", "--force");
        initialised = false;
      } catch (RuntimeException e) {
        failures.add(e);
      }
    }
    if (!failures.isEmpty()) {
      IllegalStateException e = new IllegalStateException("swarm clean-up failed: " + failures.get(0).getMessage(), failures.get(0));
      failures.stream().skip(1).forEach(e::addSuppressed);
      throw e;
    }
  }
}
