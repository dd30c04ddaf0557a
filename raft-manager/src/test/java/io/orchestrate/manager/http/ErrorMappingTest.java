package io.orchestrate.manager.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.orchestrate.core.codec.Json;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class ErrorMappingTest {
  private final ErrorMapping errors = new ErrorMapping(null);
  private final ApiRequest req = new ApiRequest("GET", "/v1/jobs", List.of("v1", "jobs"), Map.of(), Map.of(), new byte[0]);

  @Test
  void anInternalErrorAnswersWithAnIdAndNeverTheExceptionsTextOrClass() throws Exception {
    ApiResponse r = errors.map(new CompletionException(new IllegalStateException("row 42 of /secret/path is corrupt")), req);

    assertThat(r.status()).isEqualTo(500);
    String body = new String(r.body(), java.nio.charset.StandardCharsets.UTF_8);
    assertThat(body).doesNotContain("secret").doesNotContain("IllegalStateException").doesNotContain("CompletionException");
    JsonNode json = Json.lenient().readTree(r.body());
    assertThat(json.path("code").asText()).isEqualTo("internal");
    assertThat(json.path("error").asText()).matches("internal error \\(id [0-9a-f]{12}\\); the manager's log has the details under that id");
  }

  @Test
  void eachInternalErrorHasItsOwnId() {
    String a = new String(errors.map(new RuntimeException("x"), req).body(), java.nio.charset.StandardCharsets.UTF_8);
    String b = new String(errors.map(new RuntimeException("x"), req).body(), java.nio.charset.StandardCharsets.UTF_8);
    assertThat(a).isNotEqualTo(b);
  }
}
