/**
 * Atomic writes (docs/cli.md#report-folder: "Every write is temp-then-rename"). Guarantees checked here: the
 * written file holds exactly the given content; a concurrent reader only ever sees the complete
 * old or the complete new content; a data source that throws part-way leaves the target absent or
 * unchanged and no temporary file behind; a report folder appears complete or not at all, and an
 * existing folder keeps its other files.
 */
import { mkdtemp, readdir, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeFileAtomic, writeFolderAtomic, writeJsonAtomic } from '../../src/io/atomicWrite.js';
import type { Chunk } from '../../src/io/atomicWrite.js';

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'provably-io-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

async function* failingSource(chunks: Chunk[], failAfter: number): AsyncGenerator<Chunk> {
  for (const [i, chunk] of chunks.entries()) {
    if (i === failAfter) throw new Error('source failed mid-write');
    await tick();
    yield chunk;
  }
}

describe('writeFileAtomic', () => {
  it('writes exactly the concatenated chunks, whatever their mix of strings and bytes', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.oneof(fc.string({ unit: 'grapheme', maxLength: 40 }), fc.uint8Array({ maxLength: 64 })), { maxLength: 8 }),
        async (chunks) => {
          const path = join(root, 'f.bin');
          await writeFileAtomic(path, chunks);
          const expected = Buffer.concat(chunks.map((c) => (typeof c === 'string' ? Buffer.from(c, 'utf8') : Buffer.from(c))));
          expect(Buffer.compare(await readFile(path), expected)).toBe(0);
          expect(await readdir(root)).toEqual(['f.bin']);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('creates missing parent folders and returns the absolute path', async () => {
    const path = join(root, 'a', 'b', 'c.txt');
    expect(await writeFileAtomic(path, 'hello')).toBe(path);
    expect(await readFile(path, 'utf8')).toBe('hello');
  });

  it('a source that throws mid-write leaves no file and no temp file (new target)', async () => {
    const path = join(root, 'new.txt');
    await expect(writeFileAtomic(path, failingSource(['aaa', 'bbb', 'ccc'], 2))).rejects.toThrow('source failed mid-write');
    expect(await readdir(root)).toEqual([]);
  });

  it('a source that throws mid-write keeps the old content intact (existing target)', async () => {
    const path = join(root, 'old.txt');
    await writeFile(path, 'OLD CONTENT');
    await expect(writeFileAtomic(path, failingSource(['new-1', 'new-2', 'new-3'], 1))).rejects.toThrow('source failed mid-write');
    expect(await readFile(path, 'utf8')).toBe('OLD CONTENT');
    expect(await readdir(root)).toEqual(['old.txt']);
  });

  it('a concurrent reader sees only the complete old or the complete new content, never a prefix', async () => {
    const path = join(root, 'big.txt');
    const oldContent = 'A'.repeat(200_000);
    const newContent = 'B'.repeat(300_000);
    await writeFile(path, oldContent);
    async function* slowSource(): AsyncGenerator<Chunk> {
      for (let i = 0; i < 30; i++) {
        await tick();
        yield 'B'.repeat(10_000);
      }
    }
    let done = false;
    const seen = new Set<string>();
    const writer = writeFileAtomic(path, slowSource()).finally(() => {
      done = true;
    });
    let reads = 0;
    while (!done) {
      const text = await readFile(path, 'utf8');
      reads++;
      seen.add(text === oldContent ? 'old' : text === newContent ? 'new' : `partial(${text.length})`);
    }
    await writer;
    seen.add((await readFile(path, 'utf8')) === newContent ? 'new' : 'wrong-final');
    expect(reads).toBeGreaterThan(0);
    expect([...seen].filter((s) => s !== 'old' && s !== 'new')).toEqual([]);
    expect(await readdir(root)).toEqual(['big.txt']);
  });
});

describe('writeJsonAtomic', () => {
  it('writes indented JSON with a final newline', async () => {
    const path = join(root, 'x.json');
    await writeJsonAtomic(path, { a: [1, 2], b: 'c' });
    expect(await readFile(path, 'utf8')).toBe('{\n  "a": [\n    1,\n    2\n  ],\n  "b": "c"\n}\n');
  });

  it('rejects a value JSON cannot represent, before writing anything', async () => {
    await expect(writeJsonAtomic(join(root, 'u.json'), undefined)).rejects.toThrow(/not JSON-serialisable/);
    expect(await readdir(root)).toEqual([]);
  });
});

describe('writeFolderAtomic', () => {
  it('a new folder appears complete, in one rename', async () => {
    const dir = join(root, 'report');
    const result = await writeFolderAtomic(dir, { 'a.txt': 'A', 'b.bin': new Uint8Array([1, 2, 3]) });
    expect(result.mode).toBe('folder');
    expect((await readdir(dir)).sort()).toEqual(['a.txt', 'b.bin']);
    expect(await readFile(join(dir, 'a.txt'), 'utf8')).toBe('A');
    expect([...(await readFile(join(dir, 'b.bin')))]).toEqual([1, 2, 3]);
    expect(await readdir(root)).toEqual(['report']);
  });

  it('a failure while writing a new folder leaves neither the folder nor a temp folder', async () => {
    const dir = join(root, 'report');
    await expect(writeFolderAtomic(dir, { 'a.txt': 'A', 'b.txt': failingSource(['x', 'y'], 1), 'c.txt': 'C' })).rejects.toThrow(
      'source failed mid-write',
    );
    expect(await readdir(root)).toEqual([]);
  });

  it('an existing folder (--out DIR) keeps its other files and gets each file replaced', async () => {
    const dir = join(root, 'out');
    await mkdir(dir);
    await writeFile(join(dir, 'keep.txt'), 'mine');
    await writeFile(join(dir, 'a.txt'), 'old');
    const result = await writeFolderAtomic(dir, { 'a.txt': 'new', 'b.txt': 'B' });
    expect(result.mode).toBe('files');
    expect((await readdir(dir)).sort()).toEqual(['a.txt', 'b.txt', 'keep.txt']);
    expect(await readFile(join(dir, 'keep.txt'), 'utf8')).toBe('mine');
    expect(await readFile(join(dir, 'a.txt'), 'utf8')).toBe('new');
  });

  it('rejects file names that would escape the folder', async () => {
    await expect(writeFolderAtomic(join(root, 'r'), { '../evil.txt': 'x' })).rejects.toThrow(/plain name/);
    expect(await readdir(root)).toEqual([]);
  });
});
