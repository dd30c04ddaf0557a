package io.orchestrate.client;

import java.util.List;

/**
 * One page of a listing ({@code GET /v1/jobs}, {@code GET /v1/tasks}).
 *
 * @param items    what the page holds; may be empty even when {@code next} is set (a filtered page
 *                 ends after a bounded scan on the manager)
 * @param next     the cursor of the following page (the answer's {@code X-Next-Cursor}), or null
 *                 when this page is the last
 * @param response the answer as sent, for {@code -o json}
 */
public record Page<T>(List<T> items, String next, ApiResponse response) {
  public Page {
    items = List.copyOf(items);
  }
}
