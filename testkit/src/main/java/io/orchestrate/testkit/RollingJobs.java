package io.orchestrate.testkit;

import java.nio.charset.StandardCharsets;

/**
 * The job file the rolling-update tests on Docker share: job {@code web}, group {@code api}, three
 * busybox httpd copies serving {@code page} on 8080 with an HTTP check on {@code /}, rolled one at a
 * time with automatic revert. A new page is a new command, so it replaces every copy.
 */
public final class RollingJobs {
  public static final String JOB = "web";
  public static final String GROUP = "api";
  public static final int COUNT = 3;

  private RollingJobs() {}

  /** {@code order} is {@code stop-first} or {@code start-first}; the check counts a copy healthy after 2 s. */
  public static byte[] web(String image, String page, String order) {
    return ("""
        name: web
        tasks:
          - name: api
            image: %s
            command: ["sh", "-c", "mkdir -p /tmp/www && echo %s > /tmp/www/index.html && exec httpd -f -p 8080 -h /tmp/www"]
            count: 3
            resources: {cpu: 0.1, memoryMb: 32, diskMb: 10}
            restart: {maxRestarts: 0}
            # A grace period and a 3 s answer bound: a copy slow to start, or an answer slow to come, on a loaded
            # host must not count as a failed version (a missing image, the failure the tests make, still does).
            health: {type: http, path: /, port: 8080, intervalSeconds: 1, timeoutSeconds: 3, failureThreshold: 2, gracePeriodSeconds: 20}
            update: {maxParallel: 1, minHealthySeconds: 2, healthyDeadlineSeconds: 30, autoRevert: true, order: %s}
        """).formatted(image, page, order).getBytes(StandardCharsets.UTF_8);
  }
}
