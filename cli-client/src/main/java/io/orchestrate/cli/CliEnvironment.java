package io.orchestrate.cli;

import io.orchestrate.client.Time;
import java.util.Map;
import java.util.Objects;

/**
 * What a command reads from outside its arguments: environment variables and time. Tests pass their
 * own so that {@code ORCHESTRATE_MANAGERS} and retry waits are under their control.
 */
public record CliEnvironment(Map<String, String> env, Time time) {
  public static final String MANAGERS_VARIABLE = "ORCHESTRATE_MANAGERS";
  public static final String DEFAULT_MANAGERS = "127.0.0.1:8080";
  public static final String TOKEN_VARIABLE = "ORCHESTRATE_TOKEN";
  public static final String CA_VARIABLE = "ORCHESTRATE_CA";
  public static final String CERT_VARIABLE = "ORCHESTRATE_CERT";
  public static final String KEY_VARIABLE = "ORCHESTRATE_KEY";

  public CliEnvironment {
    env = Map.copyOf(env);
    Objects.requireNonNull(time, "time");
  }

  public static CliEnvironment system() {
    return new CliEnvironment(System.getenv(), Time.SYSTEM);
  }

  /** The file a variable names, or null when it is unset or blank. */
  public java.nio.file.Path path(String variable) {
    String v = env.get(variable);
    return v == null || v.isBlank() ? null : java.nio.file.Path.of(v.strip());
  }

  /** The managers to use when {@code --managers} is not given. */
  public String defaultManagers() {
    String v = env.get(MANAGERS_VARIABLE);
    return v == null || v.isBlank() ? DEFAULT_MANAGERS : v;
  }

  /** The API token to use when {@code --token} is not given, or null. */
  public String token() {
    String v = env.get(TOKEN_VARIABLE);
    return v == null || v.isBlank() ? null : v.strip();
  }
}
