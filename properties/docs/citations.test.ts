/**
 * User-facing text cites only files a user has. The team's specs do not ship with the package, so a
 * citation of them in the README, docs/, src/ (help, errors, report headings, TSDoc), scenarios/,
 * schemas/ or bin/ is a dead reference: name the concept or point at a file under docs/ instead.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
// Everything the package ships (package.json "files"; dist/ is compiled from src/, TSDoc included),
// and src/ itself (help, errors, report headings).
const SHIPPED = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { files: string[] }).files.filter((f) => f !== 'dist');
const USER_FACING = [...new Set(['README.md', 'docs', 'src', 'scenarios', 'schemas', 'bin', ...SHIPPED])];
const TEXT = /\.(ts|js|mjs|cjs|json|md|html|txt)$/;

/** Citations of files outside the repository (written split so this file never matches itself). */
const CITATION = new RegExp(
  ['MODEL' + ' §', 'CONTRACTS' + ' §', 'MODEL' + '\\.md', 'CONTRACTS' + '\\.md', 'STYLE' + '\\.md', 'PERFORMANCE' + '-NOTES', 'shared' + '/spec', '\\.\\./' + 'shared'].join('|'),
  'g',
);

function filesUnder(path: string): string[] {
  const full = join(ROOT, path);
  if (!statSync(full, { throwIfNoEntry: false })) return [];
  if (statSync(full).isFile()) return [path];
  return readdirSync(full, { withFileTypes: true }).flatMap((e) => {
    const rel = join(path, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : filesUnder(rel);
    return TEXT.test(e.name) ? [rel] : [];
  });
}

/** `file:line: text` for every citation in `text`. */
function citations(file: string, text: string): string[] {
  return text.split('\n').flatMap((line, i) => (line.match(CITATION) ? [`${file}:${i + 1}: ${line.trim().slice(0, 120)}`] : []));
}

describe('user-facing text', () => {
  it('the detector finds each kind of spec citation (and not plain prose)', () => {
    for (const s of ['see MODEL §5', 'CONTRACTS §2 rule', 'in MODEL.md', 'CONTRACTS.md', '(STYLE.md)', 'PERFORMANCE-NOTES', 'shared/spec/', '../shared/x']) {
      expect(citations('x', s), s).toHaveLength(1);
    }
    expect(citations('x', 'the model (docs/model.md#assumptions), a shared cache, §6.1 of a book')).toEqual([]);
  });

  it('cites no file outside the repository (README, docs/, src/, scenarios/, schemas/, bin/, and all the package ships)', () => {
    expect(USER_FACING).toEqual(expect.arrayContaining(['CHANGELOG.md', 'scripts/provision-native.mjs']));
    const files = USER_FACING.flatMap(filesUnder);
    expect(files.length).toBeGreaterThan(50);
    const found = files.flatMap((f) => citations(relative(ROOT, join(ROOT, f)), readFileSync(join(ROOT, f), 'utf8')));
    expect(found).toEqual([]);
  });
});

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens. */
function anchors(markdown: string): Set<string> {
  const out = new Set<string>();
  for (const line of markdown.split('\n')) {
    const h = /^#{1,6}\s+(.+?)\s*$/.exec(line);
    if (h) out.add(h[1]!.toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, '').trim().replace(/\s/g, '-'));
  }
  return out;
}

/** Every docs/ page cited as `docs/x.md#anchor` in user-facing text, or linked from a docs page. */
function docReferences(): { from: string; file: string; anchor: string | undefined }[] {
  const refs: { from: string; file: string; anchor: string | undefined }[] = [];
  for (const f of USER_FACING.flatMap(filesUnder)) {
    const text = readFileSync(join(ROOT, f), 'utf8');
    for (const m of text.matchAll(/docs\/([\w.-]+\.md)(?:#([\w-]+))?/g)) refs.push({ from: f, file: m[1]!, anchor: m[2] });
    if (f.startsWith('docs/')) {
      for (const m of text.matchAll(/\]\(([\w.-]+\.md)?(?:#([\w-]+))?\)/g)) {
        if (m[1] !== undefined || m[2] !== undefined) refs.push({ from: f, file: m[1] ?? f.slice('docs/'.length), anchor: m[2] });
      }
    }
  }
  return refs;
}

describe('references to docs/', () => {
  it('the anchor rule matches GitHub for the headings used here', () => {
    expect([...anchors('# Claims, preconditions and the statistical rule\n## Statistical rule\n## Report folder')]).toEqual([
      'claims-preconditions-and-the-statistical-rule', 'statistical-rule', 'report-folder',
    ]);
  });

  it('every cited docs/ page and anchor exists', () => {
    const refs = docReferences();
    expect(refs.length).toBeGreaterThan(20);
    const broken = refs.filter(({ file, anchor }) => {
      const path = join(ROOT, 'docs', file);
      if (!statSync(path, { throwIfNoEntry: false })) return true;
      return anchor !== undefined && !anchors(readFileSync(path, 'utf8')).has(anchor);
    });
    expect(broken.map((r) => `${r.from}: docs/${r.file}${r.anchor ? `#${r.anchor}` : ''}`)).toEqual([]);
  });
});

describe('the user docs cover what a newcomer meets', () => {
  it('docs/ has the model, the scenario keys, the claims with the statistical rule, and a glossary of every symbol and term', () => {
    for (const page of ['model.md', 'scenario-keys.md', 'claims.md', 'glossary.md', 'cli.md']) expect(statSync(join(ROOT, 'docs', page), { throwIfNoEntry: false }), page).toBeTruthy();
    expect(anchors(readFileSync(join(ROOT, 'docs', 'claims.md'), 'utf8'))).toContain('statistical-rule');
    const glossary = readFileSync(join(ROOT, 'docs', 'glossary.md'), 'utf8');
    const defined = [...glossary.matchAll(/^\*\*(.+?)\*\*/gm)].map((m) => m[1]!);
    for (const term of ['Λ (Lambda).', 'Λ̂ (Lambda hat).', 'Γ (Gamma).', 'Ξ (Xi).', 'R1–R4.', 'Margin.', '"report".']) expect(defined, term).toContain(term);
  });
});
