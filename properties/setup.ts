/**
 * Runs before every test file: fixes fast-check's global seed from PROVABLY_FC_SEED (or draws one)
 * and logs it, so any CI failure replays with `PROVABLY_FC_SEED=<seed> npm test`. Also applies the
 * profile's run counts (PROVABLY_PROFILE=full for more cases).
 */
import fc from 'fast-check';
import { fastCheckSeed, testBudget } from './helpers/testRun.js';

const seed = fastCheckSeed();
fc.configureGlobal({ seed, numRuns: testBudget().defaultNumRuns, endOnFailure: testBudget().endOnFailure });
