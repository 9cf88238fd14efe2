/**
 * `npm run calibrate -- …`: measures how often each claim holds, over many seeds, for a scenario or
 * for regimes drawn from the calibrated ranges. This is the script behind the rates in the README
 * and docs/calibration.md.
 *
 *   npm run calibrate -- --scenario paper-small --seeds 30
 *   npm run calibrate -- --region in --regimes 10 --seeds 12
 *   npm run calibrate -- --region reversed --regimes 6 --seeds 12
 */
import fc from 'fast-check';
import { parseArgs } from 'node:util';
import { runExperiment } from '../experiment/runExperiment.js';
import { inAssumptionRegime, reversedA1Regime } from '../regime/arbitraries.js';
import { loadScenario } from '../regime/load.js';
import type { Regime } from '../regime/types.js';
import { writeJsonAtomic } from '../io/atomicWrite.js';
import { calibrateRegimes, poolRates } from './calibrate.js';
import { CALIBRATED_IN_ASSUMPTION, CALIBRATED_REVERSED_A1 } from './ranges.js';

function fail(message: string): never {
  process.stderr.write(`calibrate: ${message}\n`);
  process.exit(2);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      scenario: { type: 'string', multiple: true },
      region: { type: 'string' },
      regimes: { type: 'string', default: '8' },
      seeds: { type: 'string', default: '30' },
      'seed-start': { type: 'string', default: '1000' },
      'regime-seed': { type: 'string', default: '1' },
      out: { type: 'string' },
    },
  });
  const int = (name: string, v: string | undefined, min: number) => {
    const n = Number(v);
    if (!Number.isSafeInteger(n) || n < min) fail(`--${name} = "${v}" must be an integer ≥ ${min}. Fix: e.g. --${name} ${Math.max(min, 8)}`);
    return n;
  };
  const seedCount = int('seeds', values.seeds, 1);
  const seedStart = int('seed-start', values['seed-start'], 0);
  const regimes: { label: string; regime: Regime }[] = [];
  for (const name of values.scenario ?? []) regimes.push({ label: name, regime: loadScenario(name).regime });
  if (values.region !== undefined) {
    const arb = values.region === 'in' ? inAssumptionRegime(CALIBRATED_IN_ASSUMPTION) : values.region === 'reversed' ? reversedA1Regime(CALIBRATED_REVERSED_A1) : fail(`--region = "${values.region}" is not a region. Fix: --region in or --region reversed`);
    const drawn = fc.sample(arb, { numRuns: int('regimes', values.regimes, 1), seed: int('regime-seed', values['regime-seed'], 0) });
    drawn.forEach((regime, i) => regimes.push({ label: `${values.region}#${i}`, regime }));
  }
  if (regimes.length === 0) fail('nothing to calibrate. Fix: pass --scenario NAME and/or --region in|reversed');

  const t0 = performance.now();
  const rates = await calibrateRegimes(regimes.map((r) => r.regime), {
    seedStart,
    seedCount,
    run: (regime) => runExperiment(regime),
    onRun: (done, total) => process.stderr.write(`\r${done}/${total} runs, ${((performance.now() - t0) / 1000).toFixed(0)} s`),
  });
  process.stderr.write('\n');
  const ids = ['ST-1', 'ST-2', 'ST-3', 'AT-1', 'AT-2', 'AT-3', 'AT-4'];
  const lines = [`| regime | k d P sR sNR m T nTrain | ${ids.join(' | ')} | s/run |`, `|---|---|${ids.map(() => '---').join('|')}|---|`];
  rates.forEach((r, i) => {
    const g = r.regime;
    lines.push(`| ${regimes[i].label} | ${g.k} ${g.d} ${g.P} ${g.sR} ${g.sNR} ${g.m} ${g.T} ${g.nTrain} | ${ids.map((id) => `${r.holds[id] ?? 0}/${r.seeds.length}`).join(' | ')} | ${r.secondsPerRun.toFixed(1)} |`);
  });
  const pooled = poolRates(rates);
  lines.push(`| **pooled** | | ${ids.map((id) => { const p = pooled.find((x) => x.id === id)!; return `${p.holds}/${p.total} (≥ ${p.lowerBound.toFixed(2)})`; }).join(' | ')} | |`);
  process.stdout.write(`Seeds ${seedStart}…${seedStart + seedCount - 1}; (≥ b) = one-sided 95 % Clopper–Pearson lower bound of the rate.\n\n${lines.join('\n')}\n`);
  if (values.out) await writeJsonAtomic(values.out, { seedStart, seedCount, regimes: rates.map((r, i) => ({ label: regimes[i].label, ...r })), pooled });
}

main().catch((e: unknown) => fail(e instanceof Error ? e.message : String(e)));
