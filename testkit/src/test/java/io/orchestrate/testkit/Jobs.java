package io.orchestrate.testkit;

import java.nio.charset.StandardCharsets;

/** Job files for tests. */
final class Jobs {
  private Jobs() {}

  static byte[] yaml(String name) {
    return ("""
        name: %s
        tasks:
          - name: api
            image: local/busybox:1
            command: ["httpd", "-f", "-p", "8080"]
            count: 2
            resources: {cpu: 0.5, memoryMb: 128, diskMb: 50}
            restart: {policy: on-failure, maxRestarts: 3, delaySeconds: 2}
          - name: proxy
            image: local/busybox:1
            command: ["sh", "-c", "sleep 3600"]
            count: 1
            resources: {cpu: 0.1, memoryMb: 32, diskMb: 10}
        """).formatted(name).getBytes(StandardCharsets.UTF_8);
  }
}
