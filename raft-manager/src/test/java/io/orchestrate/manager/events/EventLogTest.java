package io.orchestrate.manager.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.orchestrate.core.api.EventView;
import io.orchestrate.core.command.Command;
import io.orchestrate.core.command.SetNodeDrain;
import io.orchestrate.core.command.RegisterNode;
import io.orchestrate.core.spec.Resources;
import io.orchestrate.manager.state.Applier;
import io.orchestrate.manager.state.StateImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The window: terms, configurations, trimming by whole entries, and readers told when they fell behind. */
class EventLogTest {
  private StateImage state = StateImage.EMPTY;

  private void apply(EventLog log, long term, long index, Command c) {
    StateImage before = state;
    Applier.Applied a = Applier.apply(state, c, index);
    state = a.image();
    log.applied(term, index, before, a.image(), a.mutations());
  }

  private static List<String> ids(List<EventView> events) {
    List<String> out = new ArrayList<>();
    for (EventView e : events) out.add(e.id() + " " + e.type());
    return out;
  }

  @Test
  void aNewTermOpensWithALeaderEventAndAConfigurationJoinsItsEntry() {
    EventLog log = new EventLog(100);
    log.noCommand(1, 1);
    log.configuration(1, 1, List.of("m1", "m2", "m3"));
    apply(log, 1, 2, new RegisterNode("n1", "h", Resources.of(1, 100, 100), Map.of(), "process", 1));
    // Ratis reports a configuration before its term and index: the same events either way.
    log.configuration(2, 3, List.of("m1", "m2"));
    log.noCommand(2, 3);

    EventLog.Read r = log.read(new EventLog.Position(1, 0), 100);
    assertThat(ids(r.events())).containsExactly("1.0 cluster.leader", "1.1 cluster.members", "2.0 node.registered",
        "3.0 cluster.leader", "3.1 cluster.members");
    assertThat(r.events().get(3).term()).isEqualTo(2L);
    assertThat(r.events().get(4).members()).containsExactly("m1", "m2");
    assertThat(r.nextIndex()).isEqualTo(4);
  }

  @Test
  void aReaderResumesAfterTheLastEventItSawWithNothingRepeated() {
    EventLog log = new EventLog(100);
    log.reset(1, 1);
    apply(log, 1, 1, new RegisterNode("n1", "h", Resources.of(1, 100, 100), Map.of(), "process", 1));
    apply(log, 1, 2, new RegisterNode("n2", "h", Resources.of(1, 100, 100), Map.of(), "process", 1));
    apply(log, 1, 3, new io.orchestrate.core.command.CommandBatch(List.of(new SetNodeDrain("n1", true, 2), new SetNodeDrain("n2", true, 2))));

    List<EventView> first = log.read(new EventLog.Position(1, 0), 3).events();
    assertThat(ids(first)).containsExactly("1.0 node.registered", "2.0 node.registered", "3.0 node.drain");
    EventView last = first.get(2);
    assertThat(ids(log.read(new EventLog.Position(last.index(), last.pos() + 1), 10).events())).containsExactly("3.1 node.drain");
  }

  @Test
  void trimmingDropsWholeOldEntriesAndAReaderBehindIsToldItIsGoneWithTheOldestIndex() {
    EventLog log = new EventLog(2);
    log.reset(1, 1);
    for (int i = 1; i <= 4; i++) {
      apply(log, 1, i, new RegisterNode("n" + i, "h", Resources.of(1, 100, 100), Map.of(), "process", 1));
    }
    assertThat(log.size()).isEqualTo(2);
    EventLog.Read behind = log.read(new EventLog.Position(2, 0), 10);
    assertThat(behind.gone()).isTrue();
    assertThat(behind.horizon().resumableIndex()).isEqualTo(3);
    // A reader that had read all of entry 2 has missed nothing.
    EventLog.Read caughtUp = log.read(new EventLog.Position(2, 1), 10);
    assertThat(caughtUp.gone()).isFalse();
    assertThat(ids(caughtUp.events())).containsExactly("3.0 node.registered", "4.0 node.registered");
  }

  @Test
  void aRestartOrASnapshotInstallStartsTheWindowAgainAndEntriesReplayedBelowItAreIgnored() {
    EventLog log = new EventLog(100);
    log.reset(3, 11);
    AtomicInteger woken = new AtomicInteger();
    log.addListener(woken::incrementAndGet);
    log.replayed(3, 11);
    assertThat(log.horizon()).isEqualTo(new EventLog.Position(12, 0));
    assertThat(log.read(new EventLog.Position(5, 0), 10).gone()).isTrue();
    // The entry after the store's index is the first applied again; its term is the previous one's.
    apply(log, 3, 12, new RegisterNode("n1", "h", Resources.of(1, 100, 100), Map.of(), "process", 1));
    assertThat(ids(log.read(new EventLog.Position(12, 0), 10).events())).containsExactly("12.0 node.registered");
    // An entry seen twice (Ratis may notify a term and index again) adds nothing.
    log.noCommand(3, 12);
    assertThat(log.size()).isEqualTo(1);
    assertThat(woken.get()).isGreaterThanOrEqualTo(2);
  }
}
