package io.orchestrate.manager.state;

import io.orchestrate.core.command.CommandResult;
import io.orchestrate.core.command.RegisterManager;

/** Apply rules for manager membership records. */
final class ManagerApplier {
  private ManagerApplier() {}

  static CommandResult register(Delta d, RegisterManager c) {
    if (!c.manager().equals(d.image().managers().get(c.manager().id()))) d.putManager(c.manager());
    return new CommandResult.Done();
  }
}
