/**
 * A step-size criterion that reads no verdict: how far training at step `eta` is from the small-step
 * limit (gradient flow) of the same run. For every seed, the ST loss trace and the AT adversarial-loss
 * trace at `eta` are compared with the trace of the same seed (same data, same W0) at the smallest
 * step with the same `eta·T`, on the time axis `eta·step` (the reference is linearly interpolated).
 * The deviation of a trace is max |L(t) − L_ref(t)| / L_ref(0); a run tracks the flow when both its
 * ST and AT deviations are ≤ TOLERANCE.
 *
 *   npx tsx scripts/findings/flowDeviation.ts <sweep folder>…   # e.g. docs/findings/eta-T
 *
 * A sweep folder is read from its runs/ when present, else from its loss-traces.json (written by
 * resummarise.ts, and committed under docs/findings/).
 *
 * Prints, per (eta·T, eta): seeds compared, how many track the flow (ST, AT, both) and the median
 * deviations. Used for A8's bound in docs/findings.md.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { clopperPearsonLower } from '../../src/stats/clopperPearson.js';

const TOLERANCE = 0.05;

interface Row {
  step: number;
  loss: number;
}
interface Run {
  eta: number;
  T: number;
  seed: number;
  st: Row[];
  at: Row[];
}

function load(dirs: string[]): Run[] {
  const runs: Run[] = [];
  const rows = (pairs: [number, number][]) => pairs.map(([step, loss]) => ({ step, loss }));
  for (const dir of dirs) {
    const runsDir = join(dir, 'runs');
    if (!existsSync(runsDir)) {
      const file = JSON.parse(readFileSync(join(dir, 'loss-traces.json'), 'utf8')) as {
        runs: Array<{ seed: number; eta: number; T: number; st: [number, number][]; at: [number, number][] }>;
      };
      for (const r of file.runs) runs.push({ eta: r.eta, T: r.T, seed: r.seed, st: rows(r.st), at: rows(r.at) });
      continue;
    }
    for (const name of readdirSync(runsDir).filter((n) => n.endsWith('.json'))) {
      const file = JSON.parse(readFileSync(join(runsDir, name), 'utf8')) as {
        runs: Array<{ seed: number; regime: { evaluated: { eta: number; T: number } }; traces: { st: Row[]; at: Row[] } }>;
      };
      for (const r of file.runs)
        runs.push({ eta: r.regime.evaluated.eta, T: r.regime.evaluated.T, seed: r.seed, st: r.traces.st, at: r.traces.at });
    }
  }
  return runs;
}

/** The reference loss at time t (= eta·step), linearly interpolated; NaN past its end. */
function at(ref: Row[], refEta: number, t: number): number {
  for (let i = 1; i < ref.length; i++) {
    const t0 = refEta * ref[i - 1]!.step;
    const t1 = refEta * ref[i]!.step;
    if (t <= t1 + 1e-9) return ref[i - 1]!.loss + ((ref[i]!.loss - ref[i - 1]!.loss) * (t - t0)) / Math.max(t1 - t0, 1e-12);
  }
  return Number.NaN;
}

function deviation(run: Row[], eta: number, ref: Row[], refEta: number): number {
  const scale = Math.abs(ref[0]!.loss);
  let worst = 0;
  for (const row of run) {
    const r = at(ref, refEta, eta * row.step);
    if (!Number.isFinite(row.loss) || !Number.isFinite(r)) return Number.POSITIVE_INFINITY;
    worst = Math.max(worst, Math.abs(row.loss - r) / scale);
  }
  return worst;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor((s.length - 1) / 2)]! : Number.NaN;
};

const runs = load(process.argv.slice(2));
const budgets = [...new Set(runs.map((r) => Math.round(r.eta * r.T * 1e6) / 1e6))].sort((a, b) => a - b);
console.log(
  `Tolerance ${TOLERANCE} of the initial loss. Columns: eta·T, eta, T, seeds, ST tracks, AT tracks, both (≥ one-sided 95 % lower bound), median ST and AT deviation.`,
);
for (const budget of budgets) {
  const group = runs.filter((r) => Math.abs(r.eta * r.T - budget) < 1e-6);
  const etas = [...new Set(group.map((r) => r.eta))].sort((a, b) => a - b);
  if (etas.length < 2) continue;
  const refEta = etas[0]!;
  for (const eta of etas.slice(1)) {
    const pairs = group
      .filter((r) => r.eta === eta)
      .map((r) => ({ r, ref: group.find((x) => x.eta === refEta && x.seed === r.seed) }))
      .filter((p) => p.ref);
    const st = pairs.map((p) => deviation(p.r.st, eta, p.ref!.st, refEta));
    const atd = pairs.map((p) => deviation(p.r.at, eta, p.ref!.at, refEta));
    const n = pairs.length;
    const okSt = st.filter((x) => x <= TOLERANCE).length;
    const okAt = atd.filter((x) => x <= TOLERANCE).length;
    const both = pairs.filter((_, i) => st[i]! <= TOLERANCE && atd[i]! <= TOLERANCE).length;
    console.log(
      `${budget}\t${eta}\t${group.find((r) => r.eta === eta)!.T}\t${n}\t${okSt}\t${okAt}\t${both} (≥ ${clopperPearsonLower(both, n).toFixed(2)})\t${median(st).toFixed(3)}\t${median(atd).toFixed(3)}   (reference eta = ${refEta})`,
    );
  }
}
