package io.orchestrate.testing.docker;

import java.lang.reflect.AnnotatedElement;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The JUnit 5 condition behind {@link RequiresDocker}, also usable as a plain assumption through
 * {@link #assumeDocker(String...)}. Decides once per class or method; the engine probe costs one
 * short request on the Docker socket (see {@link DockerProbe}).
 */
public final class DockerAvailable implements ExecutionCondition {
  public static final String REQUIRE_PROPERTY = "orchestrate.requireDocker";
  static final Duration PROBE_TIMEOUT = Duration.ofSeconds(3);
  private static final String BUILD_HINT =
      "start an engine with ops/ci/setup-docker.sh and build images with ops/images/build-local-images.sh";

  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    Optional<AnnotatedElement> element = context.getElement();
    Optional<RequiresDocker> annotation = element.flatMap(e -> AnnotationSupport.findAnnotation(e, RequiresDocker.class));
    if (annotation.isEmpty()) return ConditionEvaluationResult.enabled("no @RequiresDocker here");
    String problem = problem(annotation.get().images());
    if (problem == null) return ConditionEvaluationResult.enabled("Docker engine and images present");
    if (required()) {
      // Thrown, not disabled: JUnit reports the class or method as failed with this message.
      throw new IllegalStateException(problem + " but -D" + REQUIRE_PROPERTY + "=true; " + BUILD_HINT);
    }
    return ConditionEvaluationResult.disabled(problem + "; skipped (-D" + REQUIRE_PROPERTY + "=true fails instead). " + BUILD_HINT);
  }

  /**
   * For code that cannot use the annotation (e.g. inside a fixture): aborts the test when Docker or
   * an image is missing, or fails it when {@code orchestrate.requireDocker=true}.
   */
  public static void assumeDocker(String... images) {
    String problem = problem(images);
    if (problem == null) return;
    if (required()) throw new AssertionError(problem + " but -D" + REQUIRE_PROPERTY + "=true; " + BUILD_HINT);
    Assumptions.abort(problem + "; " + BUILD_HINT);
  }

  public static boolean required() {
    return Boolean.parseBoolean(System.getProperty(REQUIRE_PROPERTY, "false"));
  }

  /** Null when the engine answers and every image exists; otherwise what is missing. */
  static String problem(String... images) {
    DockerProbe probe = DockerProbe.fromEnvironment(PROBE_TIMEOUT);
    String engine = probe.pingProblem();
    if (engine != null) return "no Docker engine at " + probe.target() + " (" + engine + ")";
    for (String image : images) {
      String missing = probe.imageProblem(image);
      if (missing != null) return "image " + image + " is not in the local engine (" + missing + ")";
    }
    return null;
  }
}
