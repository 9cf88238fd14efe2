/**
 * Regenerates `schemas/result.schema.json` from the zod schema (`npm run schema`). The file is
 * committed so that users and CI can validate result.json without running provably; a test fails
 * when it is stale.
 */
import { fileURLToPath } from 'node:url';
import { writeJsonAtomic } from '../io/atomicWrite.js';
import { resultJsonSchema } from './schema.js';

/** Where the published schema lives, relative to the repository root. */
export const RESULT_SCHEMA_PATH = fileURLToPath(new URL('../../schemas/result.schema.json', import.meta.url));

/** Writes the published JSON Schema; returns its path. */
export async function emitResultSchema(path: string = RESULT_SCHEMA_PATH): Promise<string> {
  return writeJsonAtomic(path, resultJsonSchema());
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  console.log(`wrote ${await emitResultSchema()}`);
}
