package io.orchestrate.manager.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PersistentCollectionsTest {

  @Test
  void aMapChangeLeavesTheOriginalAsItWas() {
    PersistentMap<String, Integer> a = PersistentMap.<String, Integer>empty().plus("x", 1).plus("y", 2);
    PersistentMap<String, Integer> b = a.plus("x", 10).minus("y").plus("z", 3);

    assertThat(a).containsExactlyInAnyOrderEntriesOf(Map.of("x", 1, "y", 2));
    assertThat(b).containsExactlyInAnyOrderEntriesOf(Map.of("x", 10, "z", 3));
    assertThat(a.get("z")).isNull();
    assertThat(b.getOrDefault("y", -1)).isEqualTo(-1);
    assertThat(a.minus("absent")).isSameAs(a);
  }

  @Test
  void aMapAgreesWithAHashMapOverRandomChanges() {
    Random r = new Random(7);
    Map<String, Integer> model = new HashMap<>();
    PersistentMap<String, Integer> m = PersistentMap.empty();
    for (int i = 0; i < 20_000; i++) {
      String k = "k" + r.nextInt(3_000);
      if (r.nextInt(4) == 0) {
        model.remove(k);
        m = m.minus(k);
      } else {
        model.put(k, i);
        m = m.plus(k, i);
      }
    }
    assertThat(m).hasSize(model.size()).isEqualTo(model);
    assertThat(m.keySet()).isEqualTo(model.keySet());
    Map<String, Integer> seen = new HashMap<>();
    m.forEach(seen::put);
    assertThat(seen).isEqualTo(model);
    for (String k : model.keySet()) assertThat(m.containsKey(k)).isTrue();
    assertThat(m.containsKey("never")).isFalse();
  }

  @Test
  void aSetChangeLeavesTheOriginalAsItWas() {
    PersistentSet<String> a = PersistentSet.<String>empty().plus("x").plus("y");
    PersistentSet<String> b = a.minus("x").plus("z");

    assertThat(a).containsExactlyInAnyOrder("x", "y");
    assertThat(b).containsExactlyInAnyOrder("y", "z");
    assertThat(a.plus("x")).isSameAs(a);
    assertThat(PersistentSet.empty()).isEmpty();
  }

  @Test
  void aSetAgreesWithAHashSetOverRandomChanges() {
    Random r = new Random(11);
    Set<Integer> model = new HashSet<>();
    PersistentSet<Integer> s = PersistentSet.empty();
    for (int i = 0; i < 20_000; i++) {
      int e = r.nextInt(2_000);
      if (r.nextBoolean()) {
        model.add(e);
        s = s.plus(e);
      } else {
        model.remove(e);
        s = s.minus(e);
      }
    }
    assertThat(s).isEqualTo(model);
    assertThat(s.contains(-1)).isFalse();
  }
}
