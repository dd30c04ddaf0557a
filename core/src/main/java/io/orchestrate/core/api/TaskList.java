package io.orchestrate.core.api;

import java.util.List;

public record TaskList(List<TaskView> tasks) {}
