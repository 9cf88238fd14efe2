/**
 * Regenerates `schemas/sweep.schema.json` from the zod schema (`npm run schema`). Committed, so
 * that tools can validate sweep.json without provably; a test fails when it is stale.
 */
import { fileURLToPath } from 'node:url';
import { writeJsonAtomic } from '../io/atomicWrite.js';
import { sweepJsonSchema } from './schema.js';

/** Where the published schema lives. */
export const SWEEP_SCHEMA_PATH = fileURLToPath(new URL('../../schemas/sweep.schema.json', import.meta.url));

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  console.log(`wrote ${await writeJsonAtomic(SWEEP_SCHEMA_PATH, sweepJsonSchema())}`);
}
