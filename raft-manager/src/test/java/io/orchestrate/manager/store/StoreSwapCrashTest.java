package io.orchestrate.manager.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.orchestrate.manager.raft.OrchestrateStateMachine;
import io.orchestrate.manager.raft.StateMachineHarness;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/**
 * A restore stopped at each step, as a crash would stop it (no clean-up runs), then a new process
 * on the same files: it must open exactly the old state or exactly the new one, and leave nothing
 * behind.
 */
class StoreSwapCrashTest {
  @TempDir Path tmp;

  /** Thrown at the chosen step; nothing catches it, as nothing runs after a crash. */
  private static final class Crash extends RuntimeException {
    Crash(StoreSwap.Step step) {
      super("crash at " + step);
    }
  }

  private static StoreSwap crashingAt(Path smDir, StoreSwap.Step at) {
    return new StoreSwap(smDir, step -> {
      if (step == at) throw new Crash(step);
    });
  }

  @ParameterizedTest
  @EnumSource(StoreSwap.Step.class)
  void aCrashAtAnyStepOfTheFirstRestoreLeavesTheOldOrTheNewStore(StoreSwap.Step at) throws IOException {
    crashThenRestart(at, false);
  }

  @ParameterizedTest
  @EnumSource(StoreSwap.Step.class)
  void aCrashAtAnyStepOfALaterRestoreLeavesTheOldOrTheNewStore(StoreSwap.Step at) throws IOException {
    crashThenRestart(at, true);
  }

  private void crashThenRestart(StoreSwap.Step at, boolean restoredBefore) throws IOException {
    StateMachineHarness h = new StateMachineHarness(tmp.resolve("m1"));
    Path sm = h.smDir();
    StateMachineHarness.writeJobs(sm.resolve("db"), 1, 10, "j-old");
    if (restoredBefore) {
      // The live store is then db.1, named by db.current, and the restore under test makes db.2.
      Path cp = tmp.resolve("cp-before");
      StateMachineHarness.writeJobs(cp, 1, 12, "j-old", "j-kept");
      new StoreSwap(sm).replace(cp).close();
    }
    ManagerStore.Digest oldState = StateMachineHarness.digestOf(new StoreSwap(sm).live());
    // The snapshot the restore copies from: new state at a higher index.
    ManagerStore.Digest newState = h.snapshot(2, 20, 2, 20, "j-old", "j-new");
    Path snap = h.snapshotsDir().resolve("snapshot.2_20");

    assertThatThrownBy(() -> crashingAt(sm, at).replace(snap).close()).isInstanceOf(Crash.class);

    // A new process: the state machine recovers leftovers on start and opens the live store. A
    // crash before the switch leaves the old store, which lacks the snapshot's commands, so the
    // start itself then restores from the snapshot; the restart must still hold one whole state.
    try (h) {
      OrchestrateStateMachine restarted = h.start();
      ManagerStore.Digest after = restarted.digest();
      assertThat(after).isIn(oldState, newState);
      assertThat(after).as("the snapshot holds commands the old store lacks, so the start completes the restore").isEqualTo(newState);
      String live = new StoreSwap(sm).live().getFileName().toString();
      assertThat(h.smEntries()).as("leftovers after recovery").allMatch(n -> n.equals("snapshots") || n.equals("db.current") || n.equals(live));
    }
  }

  @ParameterizedTest
  @EnumSource(StoreSwap.Step.class)
  void recoveryAloneKeepsTheOldStoreUntilTheSwitchAndTheNewOneAfter(StoreSwap.Step at) throws IOException {
    Path sm = Files.createDirectories(tmp.resolve("sm"));
    StateMachineHarness.writeJobs(sm.resolve("db"), 1, 10, "j-old");
    ManagerStore.Digest oldState = StateMachineHarness.digestOf(sm.resolve("db"));
    Path cp = tmp.resolve("cp");
    StateMachineHarness.writeJobs(cp, 2, 20, "j-old", "j-new");
    ManagerStore.Digest newState = StateMachineHarness.digestOf(cp);

    assertThatThrownBy(() -> crashingAt(sm, at).replace(cp).close()).isInstanceOf(Crash.class);

    StoreSwap restarted = new StoreSwap(sm);
    restarted.recover();
    Path live = restarted.live();
    boolean switched = at.compareTo(StoreSwap.Step.SWITCHED) >= 0;
    assertThat(StateMachineHarness.digestOf(live)).isEqualTo(switched ? newState : oldState);
    try (var s = Files.list(sm)) {
      assertThat(s.map(p -> p.getFileName().toString())).as("what recovery left")
          .containsExactlyInAnyOrderElementsOf(switched ? java.util.List.of("db.1", "db.current") : java.util.List.of("db"));
    }
    // And a later restore still works from there.
    restarted.replace(cp).close();
    assertThat(StateMachineHarness.digestOf(restarted.live())).isEqualTo(newState);
  }

  @Test
  void aPointerNamingSomethingElseIsRefusedWithItsName() throws IOException {
    Path sm = Files.createDirectories(tmp.resolve("sm"));
    Files.writeString(sm.resolve("db.current"), "../../etc\n");
    assertThatThrownBy(() -> new StoreSwap(sm).recover()).isInstanceOf(IOException.class)
        .hasMessageContaining("db.current names '../../etc', which is not a state store directory");
  }

  @Test
  void scratchCheckpointsLeftByAStopAreRemoved() throws IOException {
    Path sm = Files.createDirectories(tmp.resolve("sm"));
    StateMachineHarness.writeJobs(sm.resolve("db"), 1, 10, "j");
    Files.createDirectories(sm.resolve("checkpoint-0b7e0a4c-6c55-4a8e-9d6e-1f0f3c1d2e3a"));
    Files.createDirectories(sm.resolve("backup-1b7e0a4c-6c55-4a8e-9d6e-1f0f3c1d2e3a"));
    Files.createDirectories(sm.resolve("snapshots"));
    new StoreSwap(sm).recover();
    try (var s = Files.list(sm)) {
      assertThat(s.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("db", "snapshots");
    }
  }
}
