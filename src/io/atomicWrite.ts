/**
 * Crash-safe writes (docs/cli.md#report-folder: "Every write is temp-then-rename").
 *
 * A reader — a CI step, `provably diff`, a colleague's notebook — must only ever see a complete
 * old file or a complete new one. POSIX `rename` within one file system is atomic, so every write
 * goes to a temporary name in the *same folder* (a different folder may be another file system,
 * where rename degrades to copy), is fsynced (so the rename cannot be persisted before the data),
 * and is then renamed over the target. On any error the temporary file is removed and the target is
 * left untouched.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm, stat, unlink } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';

/** One piece of file content. Strings are written as UTF-8. */
export type Chunk = string | Uint8Array;

/**
 * File content: the whole thing at once, or a (possibly async) sequence of chunks. A sequence lets
 * large arrays be streamed without concatenation; if it throws part-way, nothing is published.
 */
export type FileData = Chunk | Iterable<Chunk> | AsyncIterable<Chunk>;

/** Options of {@link writeFileAtomic}. */
export interface AtomicWriteOptions {
  /**
   * Permission bits of a newly created file (the process umask still applies).
   * @defaultValue 0o666
   */
  mode?: number;
}

/** Temporary name beside `target`: hidden, unique per process and call, recognisable as ours. */
function tempNameFor(target: string): string {
  return join(dirname(target), `.${basename(target)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
}

function isChunk(data: FileData): data is Chunk {
  return typeof data === 'string' || data instanceof Uint8Array;
}

async function* chunksOf(data: FileData): AsyncGenerator<Chunk> {
  if (isChunk(data)) {
    yield data;
    return;
  }
  // Both sync and async iterables are accepted by for-await.
  for await (const chunk of data as AsyncIterable<Chunk>) yield chunk;
}

/**
 * Flushes a folder's entry table so that a completed rename survives a power loss. Some platforms
 * (Windows, some network file systems) refuse to open or fsync a folder; durability there is
 * best-effort and the rename itself is still atomic, so such errors are ignored.
 */
async function fsyncFolder(folder: string): Promise<void> {
  let handle: FileHandle | undefined;
  try {
    handle = await open(folder, 'r');
    await handle.sync();
  } catch {
    // See above: best-effort only.
  } finally {
    await handle?.close().catch(() => undefined);
  }
}

/**
 * Writes `data` to `path` atomically: a concurrent reader sees either the previous content (or no
 * file) or the complete new content, never a prefix.
 *
 * The folder of `path` is created if missing. If producing or writing the data fails, the
 * temporary file is deleted, the target keeps its old content and the error is rethrown.
 *
 * @param path - Target file.
 * @param data - Content, or a sequence of chunks (see {@link FileData}).
 * @returns The absolute path written.
 */
export async function writeFileAtomic(path: string, data: FileData, options: AtomicWriteOptions = {}): Promise<string> {
  const target = resolve(path);
  const folder = dirname(target);
  await mkdir(folder, { recursive: true });
  const temp = tempNameFor(target);
  let handle: FileHandle | undefined;
  try {
    // 'wx': fail rather than clobber if the (random) name somehow exists.
    handle = await open(temp, 'wx', options.mode ?? 0o666);
    for await (const chunk of chunksOf(data)) {
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
      // write() may be partial in principle; loop until the chunk is out.
      let offset = 0;
      while (offset < bytes.byteLength) {
        const { bytesWritten } = await handle.write(bytes, offset, bytes.byteLength - offset);
        offset += bytesWritten;
      }
    }
    await handle.sync();
    await handle.close();
    handle = undefined;
    await rename(temp, target);
  } catch (error) {
    await handle?.close().catch(() => undefined);
    await unlink(temp).catch(() => undefined);
    throw error;
  }
  await fsyncFolder(folder);
  return target;
}

/** Options of {@link writeJsonAtomic}. */
export interface JsonWriteOptions extends AtomicWriteOptions {
  /** Passed to `JSON.stringify`, e.g. to encode non-finite numbers, which JSON cannot hold. */
  replacer?: (this: unknown, key: string, value: unknown) => unknown;
  /**
   * Indentation; 2 keeps files diff-friendly in review and CI artifacts.
   * @defaultValue 2
   */
  indent?: number;
}

/**
 * Serialises `value` as JSON (with a final newline) and writes it with {@link writeFileAtomic}.
 *
 * @throws TypeError if `value` is not JSON-serialisable (e.g. `undefined` or a BigInt), before
 *   anything is written.
 */
export async function writeJsonAtomic(path: string, value: unknown, options: JsonWriteOptions = {}): Promise<string> {
  const text = JSON.stringify(value, options.replacer, options.indent ?? 2);
  if (text === undefined) {
    throw new TypeError(`writeJsonAtomic(${path}): value is not JSON-serialisable (got ${typeof value})`);
  }
  return writeFileAtomic(path, `${text}\n`, options);
}

/** Files of a folder: file name (no subfolders) → content. */
export type FolderFiles = Readonly<Record<string, FileData>>;

/** How {@link writeFolderAtomic} published the files. */
export interface FolderWriteResult {
  /** Absolute folder path. */
  dir: string;
  /** Absolute path of every file written, in the order given. */
  paths: Record<string, string>;
  /**
   * `"folder"`: the folder did not exist and appeared at once, complete (a single rename).
   * `"files"`: the folder existed (e.g. `--out DIR`) and each file was replaced atomically.
   */
  mode: 'folder' | 'files';
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}

function checkFileName(dir: string, name: string): void {
  // Only plain names: a "../x" would escape the folder and defeat the single-rename guarantee.
  if (name === '' || name === '.' || name === '..' || /[\\/]/.test(name) || name.includes('\0')) {
    throw new Error(`writeFolderAtomic(${dir}): file name ${JSON.stringify(name)} must be a plain name without path separators`);
  }
}

/**
 * Writes a set of files as one folder so that a crash never leaves a half-written folder.
 *
 * If `dir` does not exist, the files are written into a hidden temporary folder beside it, which is
 * then renamed to `dir`: the folder appears complete or not at all. If `dir` already exists (an
 * explicit `--out DIR`, or a folder created concurrently), its other files are left alone and each
 * given file is replaced with {@link writeFileAtomic}.
 *
 * @param dir - The folder to create or update.
 * @param files - File name → content; names must not contain path separators.
 */
export async function writeFolderAtomic(dir: string, files: FolderFiles): Promise<FolderWriteResult> {
  const target = resolve(dir);
  const names = Object.keys(files);
  for (const name of names) checkFileName(dir, name);
  const paths = Object.fromEntries(names.map((name) => [name, join(target, name)]));

  const writeEach = async (): Promise<FolderWriteResult> => {
    for (const name of names) await writeFileAtomic(join(target, name), files[name]!);
    return { dir: target, paths, mode: 'files' };
  };

  if (await exists(target)) return writeEach();

  const parent = dirname(target);
  await mkdir(parent, { recursive: true });
  const temp = tempNameFor(target);
  try {
    await mkdir(temp);
    for (const name of names) {
      // Files inside the private temp folder need no renaming of their own; writeFileAtomic still
      // gives us fsync and cleanup on a throwing data source.
      await writeFileAtomic(join(temp, name), files[name]!);
    }
    await rename(temp, target);
  } catch (error) {
    await rm(temp, { recursive: true, force: true }).catch(() => undefined);
    const code = (error as NodeJS.ErrnoException).code;
    // Someone created the folder between our check and our rename: fall back to per-file writes.
    if ((code === 'ENOTEMPTY' || code === 'EEXIST' || code === 'EISDIR') && (await exists(target))) return writeEach();
    throw error;
  }
  await fsyncFolder(parent);
  return { dir: target, paths, mode: 'folder' };
}
