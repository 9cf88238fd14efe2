/**
 * The recorded-behaviour check: fixed CLI runs on WASM with one thread, whose `runs[]` and
 * `aggregate[]` are stored before a refactor and compared after it. A move of code must leave them
 * bit-identical; a change of behaviour re-records them in the same commit (with a CHANGELOG line).
 *
 * Re-record: `npm run record:behaviour`.
 */
import { fileURLToPath } from 'node:url';

/** One recorded invocation: the CLI arguments and the fixture file that holds its output. */
export interface RecordedCase {
  name: string;
  argv: readonly string[];
  fixture: string;
}

const FIXTURES = new URL('../fixtures/recorded/', import.meta.url);

export const RECORDED_CASES: readonly RecordedCase[] = [
  // ci-fast over 8 seeds: every claim, the aggregate and its Clopper–Pearson bounds.
  {
    name: 'ci-fast, seeds 0–7',
    argv: ['verify', 'ci-fast', '--seeds', '8', '--backend', 'wasm', '--threads', '1', '--json'],
    fixture: fileURLToPath(new URL('ci-fast-wasm-seeds0-7.json', FIXTURES)),
  },
  // paper-small seed 0: the reference regime, where AT stalls on this seed (R4, inconclusive AT-2/AT-3).
  {
    name: 'paper-small, seed 0',
    argv: ['verify', 'paper-small', '--seeds', '1', '--backend', 'wasm', '--threads', '1', '--json'],
    fixture: fileURLToPath(new URL('paper-small-wasm-seed0.json', FIXTURES)),
  },
];

/**
 * The behaviour part of a result.json: runs and aggregate. The manifest (times, machine) is not
 * behaviour; an aggregate row's `calibration` is committed data looked up beside the row, not
 * computed by the run, and changes whenever a calibration is re-measured.
 */
export function behaviourOf(result: { runs: unknown[]; aggregate: Array<Record<string, unknown>> }): unknown {
  return {
    runs: result.runs,
    aggregate: result.aggregate.map(({ calibration: _calibration, ...row }) => row),
  };
}
