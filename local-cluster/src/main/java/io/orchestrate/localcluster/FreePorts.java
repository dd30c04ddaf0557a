package io.orchestrate.localcluster;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Loopback ports for servers that a harness, the demo or a benchmark starts on one machine. They
 * are taken below the kernel's ephemeral range (32768 and up on Linux), one after another from a
 * random start: a port from {@code new ServerSocket(0)} is an ephemeral one, and the kernel may hand
 * it to an outgoing connection before the server that was meant to have it binds it.
 */
public final class FreePorts {
  private static final int LOW = 20_000;
  private static final int HIGH = 32_000;
  private static final AtomicInteger NEXT = new AtomicInteger(ThreadLocalRandom.current().nextInt(HIGH - LOW));

  private FreePorts() {}

  /** A port on 127.0.0.1 that could be bound just now. */
  public static int next() {
    for (int tries = 0; tries < HIGH - LOW; tries++) {
      int port = LOW + Math.floorMod(NEXT.getAndIncrement(), HIGH - LOW);
      if (bindable(port)) return port;
    }
    throw new IllegalStateException("no free loopback port between " + LOW + " and " + HIGH);
  }

  private static boolean bindable(int port) {
    try (ServerSocket s = new ServerSocket()) {
      s.setReuseAddress(true);
      s.bind(new InetSocketAddress("127.0.0.1", port));
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
