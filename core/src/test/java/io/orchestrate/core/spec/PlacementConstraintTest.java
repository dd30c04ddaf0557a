package io.orchestrate.core.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.orchestrate.core.codec.JobFiles;
import io.orchestrate.core.codec.Json;
import io.orchestrate.core.command.SubmitJob;
import io.orchestrate.core.feature.Feature;
import io.orchestrate.core.feature.FeatureUse;
import io.orchestrate.core.version.GroupChange;
import io.orchestrate.core.version.JobDiff;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A group's constraints and distinctNodes: what each operator matches, the errors naming the field, the level, the diff. */
class PlacementConstraintTest {
  private static final Map<String, String> R1 = Map.of("rack", "r1", "zone", "eu-1");

  private static boolean on(String attribute, String operator, String value, String node, Map<String, String> labels) {
    return new PlacementConstraint(attribute, operator, value).matches(node, labels);
  }

  @Test
  void eachOperatorMatchesAsDocumented() {
    assertThat(on("label.rack", "=", "r1", "w1", R1)).isTrue();
    assertThat(on("label.rack", "=", "r2", "w1", R1)).isFalse();
    assertThat(on("label.rack", "!=", "r1", "w1", R1)).isFalse();
    assertThat(on("label.rack", "!=", "r2", "w1", R1)).isTrue();
    assertThat(on("label.gpu", "!=", "yes", "w1", R1)).as("a node without the label meets only !=").isTrue();
    assertThat(on("label.gpu", "=", "yes", "w1", R1)).isFalse();
    assertThat(on("label.rack", "in", "r2, r1", "w1", R1)).isTrue();
    assertThat(on("label.rack", "in", "r2,r3", "w1", R1)).isFalse();
    assertThat(on("label.zone", "regex", "eu-[0-9]+", "w1", R1)).isTrue();
    assertThat(on("label.zone", "regex", "eu", "w1", R1)).as("the whole value must match").isFalse();
    assertThat(on("node.id", "!=", "w1", "w1", R1)).isFalse();
    assertThat(on("node.id", "in", "w2,w1", "w1", R1)).isTrue();
  }

  private static JobSpec parse(String group) {
    String yaml = "name: web\ntasks:\n  - name: api\n    image: local/busybox:1\n    command: [\"sleep\", \"60\"]\n" + group;
    return JobFiles.parse(yaml.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void theJobFileCarriesThemAndAGroupWithoutThemEncodesAsBefore() {
    JobSpec s = parse("    constraints:\n      - {attribute: label.rack, operator: \"!=\", value: r1}\n    distinctNodes: true\n");
    assertThat(s.tasks().get(0).constraints()).containsExactly(new PlacementConstraint("label.rack", "!=", "r1"));
    assertThat(s.tasks().get(0).distinct()).isTrue();
    String plain = new String(Json.bytes(parse("")), StandardCharsets.UTF_8);
    assertThat(plain).doesNotContain("constraints").doesNotContain("distinctNodes");
    assertThat(parse("    distinctNodes: false\n")).as("false is the default").isEqualTo(parse(""));
  }

  @Test
  void badRulesAreRefusedNamingTheField() {
    assertThatThrownBy(() -> parse("    constraints:\n      - {attribute: rack, operator: \"=\", value: r1}\n"))
        .isInstanceOf(InvalidSpecException.class)
        .hasMessageContaining("tasks[0].constraints[0].attribute must be label.KEY (a node label) or node.id (got 'rack')");
    assertThatThrownBy(() -> parse("    constraints:\n      - {attribute: label.rack, operator: \"~\", value: r1}\n"))
        .hasMessageContaining("tasks[0].constraints[0].operator must be one of =, !=, in, regex (got '~')");
    assertThatThrownBy(() -> parse("    constraints:\n      - {attribute: label.rack, operator: regex, value: \"r[\"}\n"))
        .hasMessageContaining("tasks[0].constraints[0].value is not a valid regex");
    assertThatThrownBy(() -> parse("    constraints:\n      - {attribute: label.rack, operator: in, value: \"r1,,r2\"}\n"))
        .hasMessageContaining("tasks[0].constraints[0].value must list values separated by commas, none empty");
    assertThatThrownBy(() -> parse("    constraints:\n      - {attribute: label.rack, operator: \"=\"}\n"))
        .hasMessageContaining("tasks[0].constraints[0].value is required");
  }

  @Test
  void theyNeedLevelThreeAndAChangeReplacesTheGroup() {
    JobSpec with = parse("    constraints:\n      - {attribute: label.rack, operator: \"=\", value: r1}\n");
    SubmitJob c = new SubmitJob("j-1", null, with, List.of("t-1"), 1);
    assertThat(FeatureUse.above(c, 2).feature()).isEqualTo(Feature.PLACEMENT_CONSTRAINTS);
    assertThat(FeatureUse.above(c, 3)).isNull();
    GroupChange g = JobDiff.between(parse(""), with).groups().get(0);
    assertThat(g.kind()).isEqualTo(GroupChange.Kind.REPLACED);
    assertThat(g.fields()).containsExactly("constraints");
    assertThat(JobDiff.between(parse(""), parse("    distinctNodes: true\n")).groups().get(0).fields()).containsExactly("distinctNodes");
  }
}
