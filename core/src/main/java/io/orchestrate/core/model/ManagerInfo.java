package io.orchestrate.core.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.orchestrate.core.feature.FeatureLevel;

/**
 * The addresses one manager publishes through the replicated state, so that any manager can name
 * the leader's, and the highest cluster feature level its build supports.
 *
 * @param featureLevel the highest feature level this manager's build supports. Left out of the
 *                     encoding at the baseline, and read as the baseline when absent, so that
 *                     entries and records written before the field existed read back unchanged and
 *                     a baseline record encodes byte for byte as it always did. A manager writes a
 *                     higher value only once the cluster is at a level that has the field (a
 *                     manager of an earlier release could not read it).
 */
public record ManagerInfo(String id, String raftAddress, String apiAddress, String gatewayAddress,
    @JsonInclude(value = JsonInclude.Include.CUSTOM, valueFilter = ManagerInfo.AtBaseline.class) Integer featureLevel) {

  public ManagerInfo {
    // Absent: a record or entry from before the field. A boxed int so that absence is not an error.
    if (featureLevel == null) featureLevel = FeatureLevel.BASELINE;
  }

  /** A manager that publishes the baseline level: what every record from before the field reads as. */
  public ManagerInfo(String id, String raftAddress, String apiAddress, String gatewayAddress) {
    this(id, raftAddress, apiAddress, gatewayAddress, FeatureLevel.BASELINE);
  }

  /** The same manager publishing {@code level}. */
  public ManagerInfo withFeatureLevel(int level) {
    return new ManagerInfo(id, raftAddress, apiAddress, gatewayAddress, level);
  }

  /** Jackson's filter: a value equal to this one is left out, so the baseline is never written. */
  static final class AtBaseline {
    @Override
    public boolean equals(Object o) {
      return o instanceof Integer i && i == FeatureLevel.BASELINE;
    }

    @Override
    public int hashCode() {
      return FeatureLevel.BASELINE;
    }
  }
}
