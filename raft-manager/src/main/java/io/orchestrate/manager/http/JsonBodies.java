package io.orchestrate.manager.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.orchestrate.core.api.ErrorCode;
import io.orchestrate.core.codec.Json;
import io.orchestrate.manager.service.ApiException;
import java.io.IOException;

/** Reads the small JSON objects that operator routes take, refusing anything else with a 400 that says why. */
final class JsonBodies {
  private JsonBodies() {}

  /** @param example a valid body, shown in the error */
  static JsonNode object(ApiRequest r, String example) {
    JsonNode n;
    try {
      n = Json.lenient().readTree(r.body());
    } catch (JsonProcessingException e) {
      // Jackson's own first line names the problem, a duplicate key included ("Duplicate field 'target'").
      String why = e.getOriginalMessage() == null ? "" : ": " + e.getOriginalMessage().lines().findFirst().orElse("");
      throw new ApiException(ErrorCode.BAD_REQUEST, "body must be JSON like " + example + why);
    } catch (IOException e) {
      throw new ApiException(ErrorCode.BAD_REQUEST, "body must be JSON like " + example);
    }
    if (n == null || !n.isObject()) throw new ApiException(ErrorCode.BAD_REQUEST, "body must be JSON like " + example);
    return n;
  }
}
