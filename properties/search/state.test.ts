/**
 * `search-state.json` (src/search/state.ts). Guarantees: any state the engine produces, with NaN
 * and ±Infinity margins included, survives serialisation unchanged; the file is written atomically
 * and read back equal; a damaged or hand-edited file is refused with a message that names the file
 * and the field, never resumed from.
 */
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { runSearch } from '../../src/search/engine.js';
import { allSpace } from '../../src/search/space.js';
import {
  createState,
  decodeNonFinite,
  encodeNonFinite,
  parseState,
  readState,
  SearchStateError,
  serializeState,
  STATE_FILE,
  writeState,
} from '../../src/search/state.js';
import type { SearchState, TrialOutcome } from '../../src/search/types.js';

const margins = fc.oneof(fc.double({ noNaN: false }), fc.constantFrom(NaN, Infinity, -Infinity, -0));

/** A real state: a short fake search whose margins come from `ms`. */
async function stateWith(ms: number[], seed: number): Promise<SearchState> {
  let i = 0;
  const state = createState({
    claim: 'AT-1',
    space: 'all',
    seed,
    budget: { runs: ms.length, seconds: 1e9 },
    backend: 'wasm',
    randomPerRound: 4,
    climbStarts: 2,
    now: '2026-01-01T00:00:00.000Z',
  });
  const runner = async (): Promise<TrialOutcome<unknown>> => {
    const m = ms[i++]!;
    return { status: m < 0 ? 'fails' : 'holds', margin: m, result: { lambda: m, nested: [m, 'NaN', { $number: 'x' }] } };
  };
  return (await runSearch(state, { runner, space: allSpace(), now: () => 0 })).state;
}

describe('state file', () => {
  test('serialise → parse is the identity, non-finite numbers included', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(margins, { minLength: 1, maxLength: 12 }), fc.nat(), async (ms, seed) => {
        const state = await stateWith(ms, seed);
        const back = parseState(serializeState(state), 'mem');
        expect(back).toEqual(state); // toEqual treats NaN as equal to NaN and tells −0 from 0
      }),
      { numRuns: 40 },
    );
  });

  test('the non-finite encoding is unambiguous: strings and look-alike objects come back as they were', () => {
    const value = { a: NaN, b: [Infinity, -Infinity], c: 'NaN', d: { $number: 'NaN', other: 1 }, e: { $number: 'nan' } };
    const back = JSON.parse(JSON.stringify(value, encodeNonFinite), decodeNonFinite);
    expect(back).toEqual(value);
  });

  test('written atomically, read back equal, no temporary file left', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'provably-state-'));
    const state = await stateWith([0.5, -0.25, NaN], 7);
    await writeState(dir, state);
    expect(readdirSync(dir)).toEqual([STATE_FILE]);
    expect(await readState(dir)).toEqual(state);
  });

  test.each([
    ['not JSON', (t: string) => t.slice(0, 40), /not JSON/],
    ['a wrong format tag', (t: string) => t.replace('"provably-search-state"', '"other"'), /format/],
    [
      'a missing field',
      (t: string) => {
        const o = JSON.parse(t);
        delete o.budget;
        return JSON.stringify(o);
      },
      /budget/,
    ],
    [
      'a wrong type',
      (t: string) => {
        const o = JSON.parse(t);
        o.runs[0].seconds = 'slow';
        return JSON.stringify(o);
      },
      /runs\[0\]\.seconds/,
    ],
    [
      'a reference to a run that does not exist',
      (t: string) => {
        const o = JSON.parse(t);
        o.climb.starts.push(99);
        return JSON.stringify(o);
      },
      /run 99/,
    ],
    [
      'a regime the validator refuses',
      (t: string) => {
        const o = JSON.parse(t);
        o.runs[1].regime.k = 1;
        return JSON.stringify(o);
      },
      /runs\[1\]\.regime: .*k/,
    ],
    [
      'runs out of order',
      (t: string) => {
        const o = JSON.parse(t);
        o.runs[0].index = 5;
        return JSON.stringify(o);
      },
      /runs\[0\]\.index/,
    ],
  ])('a file with %s is refused, naming the file and the field', async (_what, damage, pattern) => {
    const dir = mkdtempSync(join(tmpdir(), 'provably-state-'));
    const state = await stateWith([0.5, 0.25, 0.75], 3);
    writeFileSync(join(dir, STATE_FILE), damage(serializeState(state)));
    const error = await readState(dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SearchStateError);
    expect((error as Error).message).toContain(join(dir, STATE_FILE));
    expect((error as Error).message).toMatch(pattern);
    expect((error as Error).stack).not.toMatch(/\n\s+at /);
  });

  test('a folder without a state says what is missing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'provably-state-'));
    await expect(readState(dir)).rejects.toThrow(/no such file .*provably search/);
  });
});
