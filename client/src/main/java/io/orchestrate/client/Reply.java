package io.orchestrate.client;

/** A typed answer together with the raw response, so that {@code -o json} can print exactly what the API sent. */
public record Reply<T>(T value, ApiResponse response) {
  public String prettyJson() {
    return response.prettyJson();
  }
}
