import { readFileSync } from 'node:fs';
import { firstLine, issueError } from '../util/issue.js';

/**
 * The measured crossover of `--backend fastest`: the FLOPs of one training step above which the
 * native backend beats WASM on the machine it was measured on. Written by `npm run bench` into
 * src/backend/crossover.json and committed.
 */
export interface Crossover {
  schemaVersion: 1;
  flopsPerStepCrossover: number;
  measuredOn: Record<string, unknown>;
  command: string;
}

export const CROSSOVER_URL = new URL('./crossover.json', import.meta.url);

const FILE = 'src/backend/crossover.json';

/**
 * Reads and checks src/backend/crossover.json.
 * @throws IssueError when it is missing or malformed, naming the fix (`npm run bench`)
 */
export function readCrossover(url: URL = CROSSOVER_URL): Crossover {
  let text: string;
  try {
    text = readFileSync(url, 'utf8');
  } catch {
    throw issueError({
      code: 'file',
      path: FILE,
      input: undefined,
      summary: `--backend fastest needs the measured crossover in ${FILE}, which is missing`,
      rule: 'fastest picks by the crossover that `npm run bench` measures and writes',
      fix: 'run `npm run bench` (it writes the file), or pick a backend (auto, node, wasm, cpu)',
    });
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw issueError(
      {
        code: 'parse',
        path: FILE,
        input: undefined,
        summary: `${FILE} is not JSON (${firstLine(e)})`,
        rule: 'the file `npm run bench` writes is JSON',
        fix: 'run `npm run bench` to rewrite it',
      },
      { cause: e },
    );
  }
  const c = data as Partial<Crossover> | null;
  if (
    !c ||
    c.schemaVersion !== 1 ||
    typeof c.flopsPerStepCrossover !== 'number' ||
    !(c.flopsPerStepCrossover >= 0) ||
    typeof c.command !== 'string' ||
    typeof c.measuredOn !== 'object' ||
    c.measuredOn === null
  ) {
    throw issueError({
      code: 'invalid_type',
      path: FILE,
      input: data,
      summary: `${FILE} is not the crossover \`npm run bench\` writes`,
      rule: '{"schemaVersion":1,"flopsPerStepCrossover":number ≥ 0,"measuredOn":{…},"command":"…"}',
      fix: 'run `npm run bench` to rewrite it',
    });
  }
  return c as Crossover;
}

/** The sizes that set a training step's cost. */
export interface StepSizes {
  nTrain: number;
  batchSize: number | null;
  P: number;
  d: number;
  k: number;
  m: number;
}

/**
 * FLOPs of one standard-training step, the measure the crossover is stated in: forward pass and
 * weight gradient over the mini-batch, 4 · n_batch · P · d · k · m (a multiply-add is 2 FLOPs).
 */
export function stepFlops(r: StepSizes): number {
  const nBatch = r.batchSize === null ? r.nTrain : Math.min(r.batchSize, r.nTrain);
  return 4 * nBatch * r.P * r.d * r.k * r.m;
}
