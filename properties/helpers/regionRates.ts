/**
 * A measurement script (not a test): how often each claim holds, fails or is neither, for regimes
 * drawn from a region with some ranges overridden. It is what the counter-regime and in-assumption
 * properties' ranges were measured with before anything was asserted over them, and what the
 * findings about the wider region (isotropic noise, k = 2, sR = 2) rest on.
 *
 *   nice -n 10 npx tsx properties/helpers/regionRates.ts --region reversed \
 *     --override '{"sNR":[1,4]}' --regimes 3 --seeds 10 --seed-start 7000 --regime-seed 11 --out r.json
 *
 * Each claim is counted in four buckets (holds / fails / inconclusive / other statuses), all seeds in
 * the denominator. For the reversed region it also counts the seeds where the standard-trained
 * network is robust under the feature-direction attack (robust acc above the ST-2 threshold).
 */
import fc from 'fast-check';
import { parseArgs } from 'node:util';
import { CALIBRATED_IN_ASSUMPTION, CALIBRATED_REVERSED_A1 } from '../../src/calibration/ranges.js';
import { evaluateClaims } from '../../src/claims/registry.js';
import { DEFAULT_THRESHOLDS } from '../../src/claims/registry.js';
import { runExperiment } from '../../src/experiment/runExperiment.js';
import { writeJsonAtomic } from '../../src/io/atomicWrite.js';
import { inAssumptionRegime, reversedA1Regime, type InAssumptionOptions, type ReversedA1Options } from '../../src/regime/arbitraries.js';
import type { Regime } from '../../src/regime/types.js';

function fail(message: string): never {
  process.stderr.write(`regionRates: ${message}\n`);
  process.exit(2);
}

const { values } = parseArgs({
  options: {
    region: { type: 'string', default: 'in' },
    override: { type: 'string', default: '{}' },
    regimes: { type: 'string', default: '3' },
    seeds: { type: 'string', default: '10' },
    'seed-start': { type: 'string', default: '7000' },
    'regime-seed': { type: 'string', default: '1' },
    out: { type: 'string' },
  },
});
const int = (name: string, v: string | undefined, min: number): number => {
  const n = Number(v);
  if (!Number.isSafeInteger(n) || n < min) fail(`--${name} = "${v}" must be an integer ≥ ${min}. Fix: e.g. --${name} ${Math.max(min, 10)}`);
  return n;
};
let override: Record<string, unknown>;
try {
  override = JSON.parse(values.override!) as Record<string, unknown>;
} catch {
  fail(`--override = ${JSON.stringify(values.override)} is not JSON. Fix: e.g. --override '{"noise":["isotropic"]}'`);
}
const region = values.region;
if (region !== 'in' && region !== 'reversed') fail(`--region = "${region}" is not a region. Fix: --region in or --region reversed`);
const arb: fc.Arbitrary<Regime> =
  region === 'in'
    ? inAssumptionRegime({ ...CALIBRATED_IN_ASSUMPTION, ...override } as InAssumptionOptions)
    : reversedA1Regime({ ...CALIBRATED_REVERSED_A1, ...override } as ReversedA1Options);
const regimes = fc.sample(arb, { numRuns: int('regimes', values.regimes, 1), seed: int('regime-seed', values['regime-seed'], 0) });
const seedStart = int('seed-start', values['seed-start'], 0);
const seedCount = int('seeds', values.seeds, 1);
const robustMax = DEFAULT_THRESHOLDS['ST-2'].maxFeatureRobustAcc;

type Buckets = { holds: number; fails: number; inconclusive: number; other: number };
const rows: { regime: Regime; counts: Record<string, Buckets>; stRobust: number; backend: string; secondsPerRun: number }[] = [];
const t0 = performance.now();
let done = 0;
for (const regime of regimes) {
  const counts: Record<string, Buckets> = {};
  let stRobust = 0;
  let backend = '';
  const r0 = performance.now();
  for (let s = 0; s < seedCount; s++) {
    const result = await runExperiment({ ...regime, seed: seedStart + s });
    backend = `${result.manifest.backend} ${result.manifest.backendVersion} ${result.manifest.precision}`;
    if (result.st.robust.feature.value > robustMax) stRobust++;
    for (const v of evaluateClaims(result).verdicts) {
      const b = (counts[v.id] ??= { holds: 0, fails: 0, inconclusive: 0, other: 0 });
      if (v.status === 'holds' || v.status === 'fails' || v.status === 'inconclusive') b[v.status]++;
      else b.other++;
    }
    done++;
    process.stderr.write(`\r${done}/${regimes.length * seedCount} runs, ${((performance.now() - t0) / 1000).toFixed(0)} s`);
  }
  rows.push({ regime, counts, stRobust, backend, secondsPerRun: (performance.now() - r0) / 1000 / seedCount });
}
process.stderr.write('\n');
const ids = ['ST-1', 'ST-2', 'ST-3', 'AT-1', 'AT-2', 'AT-3', 'AT-4'];
const cell = (b: Buckets | undefined) => (b ? `${b.holds}h ${b.fails}f ${b.inconclusive}i${b.other ? ` ${b.other}o` : ''}` : '-');
const lines = [
  `region ${region}, override ${JSON.stringify(override)}, seeds ${seedStart}…${seedStart + seedCount - 1}, regime seed ${values['regime-seed']}, backend ${rows[0]?.backend}`,
  `| k d P sR sNR m T nTrain noise | ${ids.join(' | ')} | ST feature-robust | s/run |`,
];
for (const r of rows) {
  const g = r.regime;
  lines.push(
    `| ${g.k} ${g.d} ${g.P} ${g.sR} ${g.sNR} ${g.m} ${g.T} ${g.nTrain} ${g.noise} | ${ids.map((id) => cell(r.counts[id])).join(' | ')} | ${r.stRobust}/${seedCount} | ${r.secondsPerRun.toFixed(1)} |`,
  );
}
const pooled = (id: string): Buckets =>
  rows.reduce(
    (s, r) => {
      const b = r.counts[id];
      return b
        ? { holds: s.holds + b.holds, fails: s.fails + b.fails, inconclusive: s.inconclusive + b.inconclusive, other: s.other + b.other }
        : s;
    },
    { holds: 0, fails: 0, inconclusive: 0, other: 0 },
  );
lines.push(
  `| pooled (${rows.length * seedCount} seeds) | ${ids.map((id) => cell(pooled(id))).join(' | ')} | ${rows.reduce((s, r) => s + r.stRobust, 0)}/${rows.length * seedCount} | |`,
);
process.stdout.write(`${lines.join('\n')}\n`);
if (values.out) await writeJsonAtomic(values.out, { region, override, seedStart, seedCount, regimeSeed: values['regime-seed'], rows });
