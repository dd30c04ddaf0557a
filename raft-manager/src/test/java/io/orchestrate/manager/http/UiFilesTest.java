package io.orchestrate.manager.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import io.orchestrate.core.model.ManagerInfo;
import io.orchestrate.core.model.TokenRole;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The UI's static files: what is served, with which headers, that no request path reaches a file
 * outside the bundled list (paths decoded exactly as the API handler decodes them), the size
 * bounds, which roles the routes need, and which origins may read across managers.
 */
class UiFilesTest {
  private final UiFiles ui = UiFiles.bundled();

  private static ApiRequest request(String uri, Map<String, String> headers) {
    DefaultFullHttpRequest msg = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, uri);
    headers.forEach((k, v) -> msg.headers().set(k, v));
    try {
      return ApiHandler.toRequest(msg);
    } finally {
      msg.release();
    }
  }

  private ApiResponse get(String uri) {
    ApiRequest r = request(uri, Map.of());
    return ui.answer(r, r.segments().subList(1, r.segments().size()));
  }

  @Test
  void servesTheIndexAtUiAndEachListedFileWithItsTypeAndRevalidationHeaders() {
    ApiResponse index = get("/ui");
    assertThat(index.status()).isEqualTo(200);
    assertThat(index.contentType()).isEqualTo("text/html; charset=utf-8");
    assertThat(new String(index.body(), StandardCharsets.UTF_8)).contains("<script type=\"module\" src=\"/ui/app.js\">");
    assertThat(get("/ui/").body()).isEqualTo(index.body());
    assertThat(get("/ui/index.html").body()).isEqualTo(index.body());

    ApiResponse js = get("/ui/app.js");
    assertThat(js.status()).isEqualTo(200);
    assertThat(js.contentType()).isEqualTo("text/javascript; charset=utf-8");
    assertThat(get("/ui/style.css").contentType()).isEqualTo("text/css; charset=utf-8");
    assertThat(js.headers()).containsEntry("Cache-Control", "no-cache").containsEntry("X-Content-Type-Options", "nosniff")
        .containsKey("Content-Security-Policy");
    assertThat(js.headers().get("ETag")).isNotEqualTo(index.headers().get("ETag")).startsWith("\"").endsWith("\"");
    assertThat(ui.count()).isGreaterThanOrEqualTo(6);
  }

  @Test
  void aMatchingEtagGets304WithoutABodyAndAStaleOneTheFile() {
    String etag = get("/ui/api.js").headers().get("ETag");
    ApiRequest same = request("/ui/api.js", Map.of("If-None-Match", etag));
    ApiResponse r = ui.answer(same, List.of("api.js"));
    assertThat(r.status()).isEqualTo(304);
    assertThat(r.body()).isEmpty();
    assertThat(r.headers()).containsEntry("ETag", etag);
    ApiRequest stale = request("/ui/api.js", Map.of("If-None-Match", "\"0000\""));
    assertThat(ui.answer(stale, List.of("api.js")).status()).isEqualTo(200);
  }

  @ParameterizedTest
  @ValueSource(strings = {"/ui/../v1/jobs", "/ui/../../etc/passwd", "/ui/%2e%2e/%2e%2e/etc/passwd", "/ui/..%2f..%2fpom.xml",
      "/ui/%2Fetc%2Fpasswd", "/ui//etc/passwd", "/ui/x/../index.html", "/ui/files.txt", "/ui/UiFiles.class",
      "/ui/..%5c..%5cpom.xml", "/ui/index.html%00.js", "/ui/nope.js", "/ui/app.js/"})
  void noPathOutsideTheListIsServed(String uri) {
    ApiResponse r = get(uri);
    if (uri.equals("/ui/app.js/")) {
      // A trailing slash is dropped by the path decoding: still the listed file, nothing else.
      assertThat(r.body()).isEqualTo(get("/ui/app.js").body());
      return;
    }
    assertThat(r.status()).as(uri).isEqualTo(404);
    assertThat(r.contentType()).isEqualTo(ApiResponse.JSON);
  }

  @Test
  void aFileOrASetPastItsBoundOrABadNameStopsTheStart() {
    assertThat(UiFiles.load("/io/orchestrate/ui-bad/", UiFilesTest.class, 1024, 1024)).isNotNull();
    assertThatThrownBy(() -> UiFiles.load("/io/orchestrate/ui-bad/", UiFilesTest.class, 26, 1024))
        .hasMessageContaining("two.js").hasMessageContaining("larger than 26 bytes");
    assertThatThrownBy(() -> UiFiles.load("/io/orchestrate/ui-bad/", UiFilesTest.class, 1024, 40))
        .hasMessageContaining("exceed 40 bytes in all at two.js");
    assertThatThrownBy(() -> UiFiles.load("/io/orchestrate/ui-badname/", UiFilesTest.class, 1024, 1024))
        .hasMessageContaining("'../../pom.xml'").hasMessageContaining("not a plain file name");
  }

  @Test
  void theUiFilesNeedNoTokenButEveryOtherMethodOnThemDoes() {
    assertThat(RouteRoles.need("GET", UiFiles.ROUTE).open()).isTrue();
    assertThat(RouteRoles.need("HEAD", UiFiles.ROUTE).open()).isTrue();
    assertThat(RouteRoles.need("POST", UiFiles.ROUTE).open()).isFalse();
    assertThat(RouteRoles.need("POST", UiFiles.ROUTE).role()).isEqualTo(TokenRole.READ);
    // What the page calls keeps its role.
    assertThat(RouteRoles.need("GET", "/v1/events").role()).isEqualTo(TokenRole.READ);
    assertThat(RouteRoles.need("GET", "/v1/cluster").role()).isEqualTo(TokenRole.READ);
  }

  @Test
  void onlyTheClustersOwnManagersMayReadAcrossOrigins() {
    List<ManagerInfo> ms = List.of(new ManagerInfo("m1", "127.0.0.1:7001", "127.0.0.1:8081", "127.0.0.1:9091", null),
        new ManagerInfo("m2", "127.0.0.1:7002", "127.0.0.1:8082", "127.0.0.1:9092", null));
    Cors cors = new Cors(() -> ms, "https");
    assertThat(cors.allowed("https://127.0.0.1:8082")).isTrue();
    assertThat(cors.allowed("http://127.0.0.1:8082")).as("another scheme").isFalse();
    assertThat(cors.allowed("https://127.0.0.1:9092")).as("a gateway is no API").isFalse();
    assertThat(cors.allowed("https://evil.example")).isFalse();
    assertThat(cors.allowed("https://127.0.0.1:8082.evil.example")).isFalse();
    assertThat(cors.allowed("null")).isFalse();

    ApiRequest pre = new ApiRequest("OPTIONS", "/v1/jobs", List.of("v1", "jobs"), Map.of(),
        Map.of("origin", "https://127.0.0.1:8081", "access-control-request-method", "GET"), new byte[0]);
    assertThat(Cors.isPreflight(pre)).isTrue();
    ApiResponse ok = cors.preflight(pre);
    assertThat(ok.status()).isEqualTo(204);
    assertThat(ok.headers()).containsEntry("Access-Control-Allow-Origin", "https://127.0.0.1:8081")
        .containsEntry("Access-Control-Allow-Headers", Cors.ALLOW_HEADERS);
    ApiRequest stranger = new ApiRequest("OPTIONS", "/v1/acl/bootstrap", List.of("v1", "acl", "bootstrap"), Map.of(),
        Map.of("origin", "https://evil.example", "access-control-request-method", "POST"), new byte[0]);
    assertThat(cors.preflight(stranger).headers()).isEmpty();
    assertThat(cors.decorate(stranger, ApiResponse.json(201, Map.of("secret", "s"))).headers()).isEmpty();
  }
}
