/**
 * Starting the backend for a command: the `--backend` flag, else PROVABLY_BACKEND, else auto. An
 * unknown name, or a forced backend that cannot start, is bad input (exit 2, before any training).
 *
 * TensorFlow.js is imported here, on first use, not when the CLI starts: `--help`, `diff` and bad
 * input never pay the seconds it takes to load.
 */
import type { BackendInfo, BackendPreference } from '../../backend/select.js';
import { stepFlops, type StepSizes } from '../../backend/crossover.js';
import type { OutputStream } from '../context.js';
import { asUsageError, UsageError } from '../errors.js';

/** FLOPs of one training step of the largest of `regimes`, for `--backend fastest`. */
export function planFlops(regimes: readonly StepSizes[]): { flopsPerStep: number } {
  return { flopsPerStep: Math.max(0, ...regimes.map(stepFlops)) };
}

/**
 * Parses the backend name (`flag`, else `env.PROVABLY_BACKEND`) and initialises that backend, with
 * `threads` threads per run when given (else the backend's default). Its notes (a fallback, fewer
 * threads) go to `notes` as `note: …` lines: once per command, on stderr, so stdout stays the
 * command's result (and `--json`'s document); the manifest records them in `backendReason`.
 * @throws UsageError naming the flag or variable, the value and the choices, or why the backend failed
 */
export async function startBackend(
  flag: string | undefined,
  env: Readonly<Record<string, string | undefined>>,
  plan: { flopsPerStep?: number; threads?: number } = {},
  notes?: OutputStream,
): Promise<BackendInfo> {
  const { initBackend, parseBackendPreference } = await import('../../backend/select.js');
  let preference: BackendPreference;
  try {
    preference =
      flag !== undefined ? parseBackendPreference(flag, '--backend') : parseBackendPreference(env.PROVABLY_BACKEND, 'PROVABLY_BACKEND');
  } catch (e) {
    asUsageError(e);
  }
  const requestedBy = flag !== undefined ? '--backend' : env.PROVABLY_BACKEND ? 'PROVABLY_BACKEND' : 'default';
  if (preference === 'fastest' && plan.flopsPerStep === undefined) {
    throw new UsageError({
      code: 'invalid_type',
      path: requestedBy,
      input: 'fastest',
      summary: `${requestedBy} = "fastest" is not available for this command`,
      rule: 'fastest picks by the FLOPs of the regimes a command plans: verify, replay, export',
      fix: 'pick a backend (auto, node, wasm, cpu)',
    });
  }
  let backend: BackendInfo;
  try {
    backend = await initBackend(preference, {
      requestedBy,
      flopsPerStep: plan.flopsPerStep,
      ...(plan.threads === undefined ? {} : { threads: plan.threads }),
    });
  } catch (e) {
    asUsageError(e);
  }
  for (const note of backend.notes) notes?.write(`note: ${note}\n`);
  return backend;
}
