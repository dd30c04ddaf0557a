package io.orchestrate.bench.run;

import java.time.Duration;

/**
 * One timed start of N tasks; every figure counts from when the submit command was issued.
 *
 * @param placed   until every task had a node (orchestrate: no task PENDING; swarm: every task
 *                 assigned or further)
 * @param first    until the engine listed the first of the N containers running
 * @param reported until the system itself reported all N tasks running (orchestrate: the job's
 *                 tasks RUNNING in {@code GET /v1/jobs/{id}}; swarm: the service's tasks running
 *                 in the engine's task list)
 * @param engine   until the engine listed all N containers running ({@code docker ps})
 */
public record Trial(Duration placed, Duration first, Duration reported, Duration engine) {}
