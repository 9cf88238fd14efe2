/**
 * The exit codes of docs/cli.md, in one place: every command returns one of these, and CI
 * pipelines branch on them.
 */
export const EXIT = Object.freeze({
  /** Every expectation met (verify, replay), no regression (diff). */
  OK: 0,
  /** An expectation not met (verify), a verdict changed (replay, diff), a counterexample found (search). */
  NOT_MET: 1,
  /** Bad input or usage, decided before any training; nothing is written. */
  USAGE: 2,
  /** Interrupted by SIGINT/SIGTERM; the partial report is marked interrupted. */
  INTERRUPTED: 130,
} as const);

/** One of {@link EXIT}. */
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];
