/**
 * Every-backend test harness, as tfjs-core runs each op test on every backend: a spec written once
 * inside {@link describeEachBackend} runs once per backend that loads here (tensorflow, wasm, cpu),
 * in this process, each block on its own backend.
 *
 * - PROVABLY_REQUIRE_BACKENDS=tensorflow,wasm,cpu (what CI sets) makes a backend that does not load
 *   a FAILING test, so a fallback cannot hide a regression.
 * - Unset, a backend that does not load is skipped; the closing note of `npm test`
 *   (properties/helpers/backendReporter.ts) says which backends ran and which were skipped.
 *
 * Suite names carry the marker `[backend: NAME]`, which the reporter counts.
 */
import { afterAll, beforeAll, describe, it } from 'vitest';
import { activeBackend, parseRequiredBackends, switchBackend, type BackendInfo } from '../../src/backend/select.js';
import type { BackendName } from '../../src/backend/types.js';

export const ALL_BACKENDS: readonly BackendName[] = Object.freeze(['tensorflow', 'wasm', 'cpu']);

/** The marker in a suite's name that says which backend its tests ran on. */
export function backendMarker(name: BackendName): string {
  return `[backend: ${name}]`;
}

/** Backends required by PROVABLY_REQUIRE_BACKENDS. */
export const REQUIRED: readonly BackendName[] = parseRequiredBackends(process.env.PROVABLY_REQUIRE_BACKENDS);

/** Which backends load in this process (decided once, before the specs are collected). */
async function loadStatus(): Promise<Map<BackendName, { info: BackendInfo | null; failure: string | null }>> {
  const before = activeBackend()?.name ?? null;
  const status = new Map<BackendName, { info: BackendInfo | null; failure: string | null }>();
  for (const name of ALL_BACKENDS) {
    try {
      status.set(name, { info: await switchBackend(name), failure: null });
    } catch (e) {
      status.set(name, { info: null, failure: (e as Error).message });
    }
  }
  // Leave the process on the backend auto would pick (or the one it was on).
  const first = before ?? ALL_BACKENDS.find((n) => status.get(n)?.failure === null) ?? null;
  if (first) await switchBackend(first);
  return status;
}

const STATUS = await loadStatus();

/** The backends that load here. */
export const LOADED: readonly BackendName[] = ALL_BACKENDS.filter((n) => STATUS.get(n)?.failure === null);

/**
 * Runs `fn` once per backend: `describe("<title> [backend: NAME]")`, switched to that backend for
 * the block and switched back after it. `fn` receives the backend's name and info.
 */
export function describeEachBackend(
  title: string,
  fn: (backend: BackendName, info: () => BackendInfo) => void,
  only: readonly BackendName[] = ALL_BACKENDS,
): void {
  for (const name of only) {
    const st = STATUS.get(name)!;
    const suite = `${title} ${backendMarker(name)}`;
    if (st.failure !== null) {
      if (REQUIRED.includes(name)) {
        describe(suite, () => {
          it('loads (required by PROVABLY_REQUIRE_BACKENDS)', () => {
            throw new Error(
              `${st.failure}. PROVABLY_REQUIRE_BACKENDS=${process.env.PROVABLY_REQUIRE_BACKENDS} requires it. Fix: run \`npm run provision\` (see "Backends" in the README).`,
            );
          });
        });
      } else {
        describe.skip(`${suite} (not loaded: ${st.failure})`, () => fn(name, () => st.info!));
      }
      continue;
    }
    describe(suite, () => {
      let previous: BackendName | null = null;
      let info: BackendInfo | null = null;
      beforeAll(async () => {
        previous = activeBackend()?.name ?? null;
        info = await switchBackend(name);
      });
      afterAll(async () => {
        if (previous && previous !== name) await switchBackend(previous);
      });
      fn(name, () => {
        if (!info) throw new Error('backend info is available inside tests only');
        return info;
      });
    });
  }
}
