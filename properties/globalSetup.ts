/**
 * Runs once per `vitest run`, before any test file: fixes the run's fast-check seed (from
 * PROVABLY_FC_SEED, or drawn here) and prints it once. Test files run in forked workers that
 * inherit the environment, so every file uses this one seed and one variable replays them all.
 */
import { fastCheckSeed } from './helpers/testRun.js';

export default function setup(): void {
  const given = process.env.PROVABLY_FC_SEED !== undefined && process.env.PROVABLY_FC_SEED !== '';
  const seed = fastCheckSeed();
  process.env.PROVABLY_FC_SEED = String(seed);
  if (!given) console.log(`[provably] fast-check seed ${seed} for every test file (replay: PROVABLY_FC_SEED=${seed} npm test)`);
}
