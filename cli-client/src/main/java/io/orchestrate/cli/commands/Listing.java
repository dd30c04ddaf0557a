package io.orchestrate.cli.commands;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import io.orchestrate.cli.ClientOptions;
import io.orchestrate.client.MalformedAnswerException;
import io.orchestrate.client.Page;
import io.orchestrate.client.Pages;
import io.orchestrate.core.codec.Json;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.function.Consumer;

/**
 * Prints a listing page by page, as each page arrives, so that the first rows of a million-task
 * listing show at once and no page is held after it is printed: table rows through
 * {@code tablePage}, or with {@code -o json} (or {@code yaml}) one document shaped like the API's answer
 * ({@code {"tasks": [...]}}) holding the items of every page as the API sent them.
 */
final class Listing {
  private Listing() {}

  static <T> void print(ClientOptions client, Pages<T> pages, String field, Consumer<List<T>> tablePage) {
    if (!client.structured()) {
      while (pages.hasNext()) tablePage.accept(pages.next().items());
      return;
    }
    PrintWriter out = client.out();
    try {
      JsonGenerator g = client.documentMapper().createGenerator(out);
      g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
      g.useDefaultPrettyPrinter();
      g.writeStartObject();
      g.writeFieldName(field);
      g.writeStartArray();
      while (pages.hasNext()) {
        Page<T> page = pages.next();
        JsonNode items = Json.lenient().readTree(page.response().body()).path(field);
        // The page's typed items may be fewer than its JSON ones (--limit cut a manager's longer answer).
        for (int i = 0; i < page.items().size() && i < items.size(); i++) g.writeTree(items.get(i));
        g.flush();
      }
      g.writeEndArray();
      g.writeEndObject();
      g.flush();
      if (!(g instanceof com.fasterxml.jackson.dataformat.yaml.YAMLGenerator)) out.println();
      out.flush();
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new MalformedAnswerException("a page of " + field + " is not JSON: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
