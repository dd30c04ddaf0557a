package io.orchestrate.cli;

/** {@code -o}: a table for people, or the API's answer for scripts, as JSON or as YAML. */
public enum OutputFormat {
  table,
  json,
  yaml
}
