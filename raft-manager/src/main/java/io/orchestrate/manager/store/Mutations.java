package io.orchestrate.manager.store;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The writes one log entry produces, collected by the applier and written by {@link ManagerStore} in one batch. */
public final class Mutations {
  /** One put (value non-null) or delete (value null). */
  public record Write(Cf cf, byte[] key, byte[] value) {}

  private final List<Write> writes = new ArrayList<>();

  public void put(Cf cf, String key, byte[] value) {
    writes.add(new Write(cf, key.getBytes(StandardCharsets.UTF_8), value));
  }

  public void delete(Cf cf, String key) {
    writes.add(new Write(cf, key.getBytes(StandardCharsets.UTF_8), null));
  }

  public List<Write> writes() {
    return writes;
  }

  public boolean isEmpty() {
    return writes.isEmpty();
  }
}
