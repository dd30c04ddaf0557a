package io.orchestrate.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.orchestrate.core.codec.Json;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * A successful (2xx) answer and the manager that gave it. Bodies are read with {@link Json#lenient()}
 * so that a newer manager may add fields.
 *
 * @param headers the answer's headers as sent (names in any case; see {@link #header})
 */
public record ApiResponse(int status, URI answeredBy, byte[] body, Map<String, List<String>> headers) {
  public ApiResponse {
    headers = headers == null ? Map.of() : Map.copyOf(headers);
  }

  public ApiResponse(int status, URI answeredBy, byte[] body) {
    this(status, answeredBy, body, Map.of());
  }

  /** The first value of header {@code name}, whatever its case; null when absent. */
  public String header(String name) {
    for (Map.Entry<String, List<String>> e : headers.entrySet()) {
      if (e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) return e.getValue().get(0);
    }
    return null;
  }

  public <T> T read(Class<T> type) {
    try {
      return Json.lenient().readValue(body, type);
    } catch (IOException e) {
      throw new MalformedAnswerException(
          "manager " + ManagerAddress.display(answeredBy) + " answered with a body that is not a " + type.getSimpleName()
              + ": " + e.getMessage(),
          e);
    }
  }

  /** The body as the API sent it, pretty-printed; the body verbatim if it is not JSON. */
  public String prettyJson() {
    try {
      JsonNode tree = Json.lenient().readTree(body);
      return Json.lenient().writerWithDefaultPrettyPrinter().writeValueAsString(tree);
    } catch (IOException e) {
      return new String(body, StandardCharsets.UTF_8);
    }
  }
}
