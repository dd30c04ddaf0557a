package io.orchestrate.cli.commands;

import io.orchestrate.client.Table;
import io.orchestrate.core.api.FeaturesView;
import java.io.PrintWriter;

/** How {@code cluster features} and {@code cluster features upgrade} print the feature level. */
final class FeaturesPrinter {
  private FeaturesPrinter() {}

  static void print(FeaturesView f, PrintWriter out) {
    out.println("feature level " + f.level() + (f.setAtMillis() > 0 ? " (set " + java.time.Instant.ofEpochMilli(f.setAtMillis()) + ")" : "")
        + "; this manager's release supports up to " + f.highest());
    if (f.upgradableTo() > f.level()) {
      out.println("every voting manager supports " + f.upgradableTo() + ": `orchestrate cluster features upgrade` raises the level to it");
    } else if (f.upgradableTo() == 0) {
      out.println("a voting manager did not answer: its level is unknown, so the level cannot be raised now");
    }
    Table managers = new Table("MANAGER", "SUPPORTS");
    for (FeaturesView.Manager m : f.managers()) {
      managers.row(m.id(), m.supported() == null ? "? (" + m.problem() + ")" : Integer.toString(m.supported()));
    }
    managers.print(out);
    out.println();
    Table levels = new Table("LEVEL", "ADDS");
    for (FeaturesView.Level l : f.levels()) {
      for (String add : l.adds()) levels.row(Integer.toString(l.level()), add);
    }
    levels.print(out);
  }
}
