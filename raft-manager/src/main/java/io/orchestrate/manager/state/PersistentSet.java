package io.orchestrate.manager.state;

import java.util.AbstractSet;
import java.util.Iterator;

/** The set counterpart of {@link PersistentMap}: immutable, {@link #plus} and {@link #minus} share structure. */
public final class PersistentSet<E> extends AbstractSet<E> {
  private static final PersistentSet<?> EMPTY = new PersistentSet<>(io.vavr.collection.HashSet.empty());

  private final io.vavr.collection.HashSet<E> set;

  private PersistentSet(io.vavr.collection.HashSet<E> set) {
    this.set = set;
  }

  @SuppressWarnings("unchecked")
  public static <E> PersistentSet<E> empty() {
    return (PersistentSet<E>) EMPTY;
  }

  public PersistentSet<E> plus(E e) {
    io.vavr.collection.HashSet<E> next = set.add(e);
    return next == set ? this : new PersistentSet<>(next);
  }

  public PersistentSet<E> minus(E e) {
    return new PersistentSet<>(set.remove(e));
  }

  @Override
  public boolean contains(Object o) {
    @SuppressWarnings("unchecked")
    E e = (E) o;
    return set.contains(e);
  }

  @Override
  public int size() {
    return set.size();
  }

  @Override
  public boolean isEmpty() {
    return set.isEmpty();
  }

  @Override
  public Iterator<E> iterator() {
    return set.iterator();
  }
}
