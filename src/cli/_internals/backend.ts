/**
 * Starting the backend for a command: the `--backend` flag, else PROVABLY_BACKEND, else auto. A
 * forced backend that cannot start is bad input (exit 2, before any training), with the fallback
 * notes of `initBackend` shown to the user.
 */
import { initBackend, parseBackendPreference, type BackendInfo, type BackendPreference } from '../../backend/select.js';
import { UsageError } from '../errors.js';

/** The preference from the flag, else the environment. @throws UsageError on a bad PROVABLY_BACKEND */
export function backendPreference(flag: BackendPreference | undefined, env: Readonly<Record<string, string | undefined>>): BackendPreference {
  if (flag !== undefined) return flag;
  try {
    return parseBackendPreference(env.PROVABLY_BACKEND, 'PROVABLY_BACKEND');
  } catch (e) {
    throw new UsageError(e instanceof Error ? e.message : String(e));
  }
}

/** Initialises the backend. @throws UsageError when a forced backend cannot start */
export async function startBackend(preference: BackendPreference): Promise<BackendInfo> {
  try {
    return await initBackend(preference);
  } catch (e) {
    throw new UsageError(e instanceof Error ? e.message : String(e));
  }
}
