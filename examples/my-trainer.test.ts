/**
 * How a user checks their own adversarial-training code in CI: wrap it as a Trainer, then one line.
 * Runs every conformance check and the paper's claims ST-1 … AT-3 on `myTrainer` (one test each);
 * PROVABLY_PROFILE=full runs more cases and 30 claim seeds.
 */
import { describeTrainer } from '../src/conformance/vitest.js';
import { myTrainer } from './my-trainer.js';

describeTrainer('my plain-TS trainer', myTrainer);
