package io.orchestrate.chaos.unsafe;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Splits the broken build's command lines the way picocli reads the real ones: {@code --flag value}
 * or {@code --flag=value}, in order; a switch (a flag that takes no value) stands alone or as
 * {@code --flag=true|false}. Shared by the unsafe manager and worker so that both accept exactly
 * the shapes ChaosCluster passes to the shipped commands.
 */
final class UnsafeFlags {
  /** One flag as given; {@code value} is "true" for a bare switch. */
  record Flag(String name, String value) {}

  private UnsafeFlags() {}

  static List<Flag> split(String[] args, Set<String> switches) {
    List<Flag> out = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      String name = args[i];
      String value = null;
      int eq = name.indexOf('=');
      if (name.startsWith("--") && eq > 0) {
        value = name.substring(eq + 1);
        name = name.substring(0, eq);
      }
      if (value == null) {
        if (switches.contains(name)) {
          value = "true";
        } else {
          if (i + 1 >= args.length) throw new IllegalArgumentException(name + " needs a value");
          value = args[++i];
        }
      }
      out.add(new Flag(name, value));
    }
    return out;
  }
}
