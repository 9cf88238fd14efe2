/**
 * docs/scenario-keys.md is generated from the code that validates scenarios (src/regime/schema.ts,
 * defaults.ts, keyDocs.ts). Guarantees: the committed file is what the generator writes now (so a
 * changed rule or default shows up in the docs), every regime key is documented with a meaning and
 * real assumption ids, and every default in the page is the one the loader fills in.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { REGIME_DEFAULTS } from '../../src/regime/defaults.js';
import { KEY_DOCS } from '../../src/regime/keyDocs.js';
import { KEY_REFERENCE_PATH, keyReferenceMarkdown } from '../../src/regime/keyReference.js';
import { REGIME_KEYS } from '../../src/regime/types.js';

describe('docs/scenario-keys.md', () => {
  it('is in sync with the schema and defaults (fix: npm run docs)', () => {
    expect(readFileSync(KEY_REFERENCE_PATH, 'utf8')).toBe(keyReferenceMarkdown());
  });

  it('documents every regime key with a meaning and known assumption ids', () => {
    expect(Object.keys(KEY_DOCS)).toEqual([...REGIME_KEYS]);
    for (const key of REGIME_KEYS) {
      expect(KEY_DOCS[key].meaning.length, key).toBeGreaterThan(10);
      for (const a of KEY_DOCS[key].assumptions) expect(a, key).toMatch(/^(A[0-8]|I1|R[1-4])$/);
    }
  });

  it('shows each default as the loader fills it in, and marks required keys', () => {
    const md = keyReferenceMarkdown();
    for (const [key, value] of Object.entries(REGIME_DEFAULTS)) {
      expect(md, key).toContain(`| \`${key}\` |`);
      expect(md.split('\n').find((l) => l.startsWith(`| \`${key}\` |`)), key).toContain(`\`${JSON.stringify(value)}\``);
    }
    expect(md.split('\n').find((l) => l.startsWith('| `sigmaN` |'))).toContain('| required |');
  });
});
