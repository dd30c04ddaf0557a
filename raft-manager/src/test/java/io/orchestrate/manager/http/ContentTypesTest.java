package io.orchestrate.manager.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ContentTypesTest {
  static ApiRequest post(String contentType, String body) {
    Map<String, String> headers = contentType == null ? Map.of() : Map.of("content-type", contentType);
    return new ApiRequest("POST", "/v1/jobs", List.of("v1", "jobs"), Map.of(), headers, body.getBytes());
  }

  @Test
  void jsonIsAcceptedEverywhereAndYamlOnlyWhereAJobFileIsRead() {
    assertThat(ContentTypes.refusal(post("application/json", "{}"), false)).isNull();
    assertThat(ContentTypes.refusal(post("Application/JSON; charset=UTF-8", "{}"), false)).isNull();
    assertThat(ContentTypes.refusal(post("application/merge-patch+json", "{}"), false)).isNull();
    assertThat(ContentTypes.refusal(post("application/yaml", "a: 1"), true)).isNull();
    assertThat(ContentTypes.refusal(post("application/x-yaml", "a: 1"), true)).isNull();
    assertThat(ContentTypes.refusal(post("application/yaml", "a: 1"), false).status()).isEqualTo(415);
  }

  @Test
  void anotherTypeIs415ButNoTypeOrNoBodyIsRead() {
    ApiResponse r = ContentTypes.refusal(post("application/x-www-form-urlencoded", "a=1"), true);
    assertThat(r.status()).isEqualTo(415);
    assertThat(new String(r.body())).contains("application/x-www-form-urlencoded").contains("application/json or application/yaml");
    assertThat(ContentTypes.refusal(post(null, "{}"), false)).isNull();
    assertThat(ContentTypes.refusal(post("text/plain", ""), false)).isNull();
  }
}
