package io.orchestrate.cli;

/** {@code -o}: a table for people, or the API's JSON for scripts. */
public enum OutputFormat {
  table,
  json
}
