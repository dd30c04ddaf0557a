package io.orchestrate.core.api;

import java.util.List;

public record JobList(List<JobView> jobs) {}
