package io.orchestrate.cli.server.bench;

import java.time.Duration;

/**
 * One timed start of N tasks, both clocks starting when the submit command was issued.
 *
 * @param reported until the orchestrator itself reported all N tasks running (orchestrate: the
 *                 job's tasks RUNNING in {@code GET /v1/jobs/{id}}; swarm: the service's tasks
 *                 running in the engine's task list)
 * @param engine   until the engine listed all N containers running ({@code docker ps})
 */
public record Trial(Duration reported, Duration engine) {}
