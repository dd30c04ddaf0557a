package io.orchestrate.chaos.checker;

/**
 * One invariant's verdict.
 *
 * @param checked        how many things it looked at (acknowledged writes, reads, samples...), so a pass over nothing shows
 * @param counterexample the first violation found, in words; null when it passed
 */
public record InvariantResult(String name, String meaning, boolean passed, long checked, String counterexample) {
  static InvariantResult pass(Invariant i, long checked) {
    return new InvariantResult(i.name(), i.meaning(), true, checked, null);
  }

  static InvariantResult fail(Invariant i, long checked, String counterexample) {
    return new InvariantResult(i.name(), i.meaning(), false, checked, counterexample);
  }
}
