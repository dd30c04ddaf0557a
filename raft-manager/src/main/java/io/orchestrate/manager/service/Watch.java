package io.orchestrate.manager.service;

import io.orchestrate.manager.config.EventLimits;
import io.orchestrate.manager.events.EventLog;
import java.util.Objects;

/**
 * What watching the state is served from: the events of applied entries ({@code GET /v1/events})
 * and blocking reads ({@code ?index=&wait=}), with their bounds.
 */
public record Watch(EventLog log, EventLimits limits, IndexWait indexWait) {
  public Watch {
    Objects.requireNonNull(log, "log");
    Objects.requireNonNull(limits, "limits");
    Objects.requireNonNull(indexWait, "indexWait");
  }
}
