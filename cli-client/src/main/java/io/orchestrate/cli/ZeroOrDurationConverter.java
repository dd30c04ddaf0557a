package io.orchestrate.cli;

import java.time.Duration;
import picocli.CommandLine.ITypeConverter;

/** Like {@link DurationConverter}, but {@code 0} (with or without a unit) is allowed: {@code --warmup 0} skips the warm-up. */
public final class ZeroOrDurationConverter implements ITypeConverter<Duration> {
  @Override
  public Duration convert(String value) {
    if (value.strip().matches("0+(ms|s|m|h)?")) return Duration.ZERO;
    return new DurationConverter().convert(value);
  }
}
