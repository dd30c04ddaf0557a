package io.orchestrate.client;

import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.function.Function;

/**
 * The pages of one listing, each fetched when {@link #next} asks for it: nothing is read ahead, so
 * a caller can print a page before the next one is requested and a million rows are never held at
 * once. Each page is its own request (its own deadline, retries and leader finding), continuing from
 * the previous page's cursor, which any manager accepts. With {@code maxItems} set, the last request
 * asks only for what is still wanted, and the listing ends once that many items were returned.
 *
 * <p>A listing of several pages is not one snapshot: each page is read at its own moment. Every item
 * that exists for the whole listing appears exactly once; one added or removed meanwhile may or may not.
 *
 * <p>Not thread-safe, like the client it uses.
 */
public final class Pages<T> implements Iterator<Page<T>> {
  /** The most items the API returns per request; larger page sizes are refused. */
  public static final int MAX_PAGE_SIZE = 10_000;
  /** The API's page size when a request names none. */
  public static final int DEFAULT_PAGE_SIZE = 1_000;
  static final String NEXT_CURSOR_HEADER = "X-Next-Cursor";

  private final ManagersClient client;
  private final ApiRequest first;
  private final Integer pageSize;
  private final Function<ApiResponse, List<T>> items;
  private long remaining;
  private String cursor;
  private boolean started;

  Pages(ManagersClient client, ApiRequest first, Integer pageSize, long maxItems, Function<ApiResponse, List<T>> items) {
    if (maxItems < 0) throw new IllegalArgumentException("maxItems must not be negative, got " + maxItems);
    this.client = client;
    this.first = first;
    this.pageSize = pageSize;
    this.items = items;
    this.remaining = maxItems;
  }

  @Override
  public boolean hasNext() {
    return remaining > 0 && (!started || cursor != null);
  }

  /**
   * Fetches the next page.
   *
   * @throws RequestRejectedException    a manager refused the request (a bad filter: 400; an unknown job: 404)
   * @throws ClusterUnavailableException no manager served it in time
   * @throws MalformedAnswerException    the answer could not be read, or repeated the cursor it was sent
   */
  @Override
  public Page<T> next() {
    if (!hasNext()) throw new NoSuchElementException("the listing has ended");
    int size = (int) Math.min(pageSize == null ? DEFAULT_PAGE_SIZE : pageSize, remaining);
    ApiRequest req = first;
    // Name a limit only when it differs from the API's default, so that a plain listing sends a plain request.
    if (pageSize != null || size != DEFAULT_PAGE_SIZE) req = req.withQuery("limit", String.valueOf(size));
    if (cursor != null) req = req.withQuery("next", cursor);
    ApiResponse r = client.send(req);
    List<T> got = items.apply(r);
    // A manager from before paging answers everything at once: keep what was asked for, no more.
    if (got.size() > remaining) got = got.subList(0, (int) remaining);
    String next = r.header(NEXT_CURSOR_HEADER);
    if (next != null && next.isEmpty()) next = null;
    if (next != null && Objects.equals(next, cursor)) {
      throw new MalformedAnswerException("manager " + ManagerAddress.display(r.answeredBy()) + " answered cursor " + next
          + " with the same cursor; the listing would never end", null);
    }
    started = true;
    cursor = next;
    remaining -= got.size();
    return new Page<>(got, next, r);
  }
}
