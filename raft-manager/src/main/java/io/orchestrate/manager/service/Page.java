package io.orchestrate.manager.service;

import java.util.List;

/**
 * One page of a listing. {@code next} is the opaque cursor of the page that follows, or null when
 * the listing is complete. A page may hold fewer items than asked for, even none, and still have a
 * {@code next}: a filtered page stops after examining {@link PageLimits#SCAN_BUDGET} records so
 * that no request costs a scan of everything.
 */
public record Page<T>(List<T> items, String next) {
  public Page {
    items = List.copyOf(items);
  }
}
