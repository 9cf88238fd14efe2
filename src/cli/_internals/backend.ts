/**
 * Starting the backend for a command: the `--backend` flag, else PROVABLY_BACKEND, else auto. An
 * unknown name, or a forced backend that cannot start, is bad input (exit 2, before any training).
 *
 * TensorFlow.js is imported here, on first use, not when the CLI starts: `--help`, `diff` and bad
 * input never pay the seconds it takes to load.
 */
import type { BackendInfo, BackendPreference } from '../../backend/select.js';
import { UsageError } from '../errors.js';

/**
 * Parses the backend name (`flag`, else `env.PROVABLY_BACKEND`) and initialises that backend.
 * @throws UsageError naming the flag or variable, the value and the choices, or why the backend failed
 */
export async function startBackend(flag: string | undefined, env: Readonly<Record<string, string | undefined>>): Promise<BackendInfo> {
  const { initBackend, parseBackendPreference } = await import('../../backend/select.js');
  let preference: BackendPreference;
  try {
    preference = flag !== undefined ? parseBackendPreference(flag, '--backend') : parseBackendPreference(env.PROVABLY_BACKEND, 'PROVABLY_BACKEND');
  } catch (e) {
    throw new UsageError(e instanceof Error ? e.message : String(e));
  }
  try {
    return await initBackend(preference);
  } catch (e) {
    throw new UsageError(e instanceof Error ? e.message : String(e));
  }
}
