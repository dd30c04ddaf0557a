package io.orchestrate.core.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.orchestrate.core.spec.InvalidSpecException;
import io.orchestrate.core.spec.JobSpec;
import io.orchestrate.core.spec.TaskSpec;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A task's {@code user} in job files: the accepted forms, errors that name the field, and encoding. */
class JobFilesUserTest {
  private static JobSpec parse(String userLine) {
    return JobFiles.parse(("""
        name: web
        tasks:
          - name: api
            image: local/busybox:1
        """ + (userLine == null ? "" : "    user: " + userLine + "\n")).getBytes(StandardCharsets.UTF_8));
  }

  private static List<String> problems(String userLine) {
    try {
      parse(userLine);
      return List.of();
    } catch (InvalidSpecException e) {
      return e.problems();
    }
  }

  @Test
  void namesIdsAndPairsAreKeptAndAbsentMeansTheImagesUser() {
    for (String user : List.of("nginx", "www-data", "_svc", "1000", "0", "1000:1000", "nginx:nginx", "app:100", "2147483647")) {
      assertThat(parse("'" + user + "'").tasks().get(0).user()).as(user).isEqualTo(user);
    }
    assertThat(parse(null).tasks().get(0).user()).isNull();
  }

  @Test
  void aBadUserIsRefusedNamingTheField() {
    for (String bad : List.of("''", "' '", "'1000:'", "':1000'", "'a:b:c'", "'root;rm'", "'-x'", "'2147483648'", "'99999999999'",
        "'" + "u".repeat(40) + "'")) {
      assertThat(problems(bad)).as(bad).singleElement().asString()
          .startsWith("tasks[0].user must be a user name or uid, optionally followed by :group or :gid");
    }
  }

  @Test
  void aBareUidInYamlIsTheSameAsAQuotedOne() {
    assertThat(parse("1000").tasks().get(0).user()).isEqualTo("1000");
    assertThatThrownBy(() -> parse("[a]")).isInstanceOf(InvalidSpecException.class).hasMessageContaining("tasks[0].user");
  }

  @Test
  void aSpecWithoutAUserEncodesExactlyAsBeforeTheFieldExisted() {
    TaskSpec plain = new TaskSpec("api", "img", List.of("sleep", "1"), null, 1, null, null);
    // The encoding a TaskSpec had before `user` (and before `network`/`health`): replicated logs hold it.
    assertThat(Json.string(plain)).isEqualTo("{\"name\":\"api\",\"image\":\"img\",\"command\":[\"sleep\",\"1\"],\"env\":{},\"count\":1,"
        + "\"resources\":{\"cpu\":0.1,\"memoryMb\":64,\"diskMb\":0},\"restart\":{\"policy\":\"on-failure\",\"maxRestarts\":3,\"delaySeconds\":1},"
        + "\"reschedule\":{\"attempts\":5,\"delaySeconds\":1,\"maxDelaySeconds\":60,\"failed\":false}}");
    TaskSpec asUser = plain.withNetwork("host").withUser("1000:1000");
    assertThat(Json.read(Json.bytes(asUser), TaskSpec.class)).isEqualTo(asUser);
    assertThat(asUser.withNetwork("bridge").user()).as("withNetwork keeps the user").isEqualTo("1000:1000");
  }
}
