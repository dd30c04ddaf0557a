package io.orchestrate.core.api;

/** This build's version, as the CLI and each manager's health report it. */
public final class BuildInfo {
  /** What a build run from classes (tests, an IDE) reports: only a packaged jar has a manifest version. */
  public static final String UNPACKAGED = "dev";

  private BuildInfo() {}

  /** The {@code Implementation-Version} of the jar this class was loaded from, or {@value #UNPACKAGED}. */
  public static String version() {
    String v = BuildInfo.class.getPackage().getImplementationVersion();
    return v == null || v.isBlank() ? UNPACKAGED : v;
  }
}
