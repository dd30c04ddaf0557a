package io.orchestrate.manager.state;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * An immutable hash map whose {@link #plus} and {@link #minus} return a new map sharing structure
 * with this one (a hash array mapped trie: a few small array copies per change, a few hops per
 * lookup), read through the ordinary {@link java.util.Map} interface. The state image keeps one
 * per kind of record and builds a new image per log entry, so these two operations are the apply
 * thread's inner loop.
 */
public final class PersistentMap<K, V> extends AbstractMap<K, V> {
  private static final PersistentMap<?, ?> EMPTY = new PersistentMap<>(io.vavr.collection.HashMap.empty());

  private final io.vavr.collection.HashMap<K, V> map;
  private Set<Entry<K, V>> entries;

  private PersistentMap(io.vavr.collection.HashMap<K, V> map) {
    this.map = map;
  }

  @SuppressWarnings("unchecked")
  public static <K, V> PersistentMap<K, V> empty() {
    return (PersistentMap<K, V>) EMPTY;
  }

  public PersistentMap<K, V> plus(K key, V value) {
    return new PersistentMap<>(map.put(key, value));
  }

  public PersistentMap<K, V> minus(K key) {
    io.vavr.collection.HashMap<K, V> next = map.remove(key);
    return next == map ? this : new PersistentMap<>(next);
  }

  @Override
  public V get(Object key) {
    @SuppressWarnings("unchecked")
    K k = (K) key;
    return map.getOrElse(k, null);
  }

  @Override
  public V getOrDefault(Object key, V defaultValue) {
    @SuppressWarnings("unchecked")
    K k = (K) key;
    return map.getOrElse(k, defaultValue);
  }

  @Override
  public boolean containsKey(Object key) {
    @SuppressWarnings("unchecked")
    K k = (K) key;
    return map.containsKey(k);
  }

  @Override
  public int size() {
    return map.size();
  }

  @Override
  public boolean isEmpty() {
    return map.isEmpty();
  }

  @Override
  public void forEach(BiConsumer<? super K, ? super V> action) {
    map.forEach(action::accept);
  }

  @Override
  public Set<Entry<K, V>> entrySet() {
    Set<Entry<K, V>> e = entries;
    if (e == null) {
      e = new AbstractSet<>() {
        @Override
        public Iterator<Entry<K, V>> iterator() {
          Iterator<io.vavr.Tuple2<K, V>> it = map.iterator();
          return new Iterator<>() {
            @Override
            public boolean hasNext() {
              return it.hasNext();
            }

            @Override
            public Entry<K, V> next() {
              io.vavr.Tuple2<K, V> t = it.next();
              return new SimpleImmutableEntry<>(t._1, t._2);
            }
          };
        }

        @Override
        public int size() {
          return map.size();
        }
      };
      entries = e;
    }
    return e;
  }
}
