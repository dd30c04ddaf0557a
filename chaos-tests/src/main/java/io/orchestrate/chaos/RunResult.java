package io.orchestrate.chaos;

import io.orchestrate.chaos.checker.CheckReport;
import io.orchestrate.chaos.checker.History;
import java.nio.file.Path;

/** What a chaos run produced: its history, the checker's verdict, the summary printed and where the files are. */
public record RunResult(History history, CheckReport report, String summary, Path runDir) {}
