package io.orchestrate.testing.docker;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a test class or method that needs a Docker engine (and optionally some local images).
 * Without them the tests are skipped with a message saying what is missing, unless the system
 * property {@code orchestrate.requireDocker=true} is set (CI sets it through the parent pom), in
 * which case they fail: CI must never go green by skipping the Docker tests.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@ExtendWith(DockerAvailable.class)
public @interface RequiresDocker {
  /** Images that must exist in the local engine, e.g. "local/busybox:1". Never pulled. */
  String[] images() default {};
}
