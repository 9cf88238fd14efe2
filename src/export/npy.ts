/**
 * NumPy `.npy` format version 1.0 (https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html),
 * as docs/cli.md#export fixes it: little-endian, C order, dtypes `<f4`, `<i4`, `|u1`.
 *
 * Layout: the magic `\x93NUMPY`, version bytes `1 0`, a little-endian uint16 header length, then an
 * ASCII Python dict literal `{'descr': …, 'fortran_order': False, 'shape': (…), }` padded with spaces
 * and ended by `\n` so that the data starts at a multiple of 64 bytes (what NumPy itself writes, so
 * the data can be memory-mapped aligned), then the raw elements.
 */
import { readFile } from 'node:fs/promises';
import { writeFileAtomic } from '../io/atomicWrite.js';
import { decodeElements, littleEndianBytes } from './_internals/littleEndian.js';
import type { ElementKind, NumericArray } from './_internals/littleEndian.js';

/** dtypes provably writes (docs/cli.md#export). */
export type NpyDtype = '<f4' | '<i4' | '|u1';

/** Typed arrays {@link encodeNpy} accepts; the dtype follows from the array type. */
export type NpyWritable = Float32Array | Int32Array | Uint8Array;

/** A decoded `.npy` file. */
export interface NpyArray {
  /**
   * The dtype as written in the file header (e.g. `'<f4'`; also `'>f4'`, `'<f8'`, … when reading
   * files from elsewhere).
   */
  dtype: string;
  /** Array shape; `[]` for a 0-d array. */
  shape: number[];
  /** Elements in C (row-major) order, in host byte order. */
  data: NumericArray;
}

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY
/** NumPy ≥ 1.x pads the header so the data begins at a multiple of this (`numpy.lib.format.ARRAY_ALIGN`). */
export const NPY_ALIGN = 64;
const PREFIX_V1 = MAGIC.length + 2 + 2; // magic, version, uint16 header length

/** The `.npy` dtype of a typed array, or an error naming the unsupported type. */
export function npyDtypeOf(data: NpyWritable): NpyDtype {
  if (data instanceof Float32Array) return '<f4';
  if (data instanceof Int32Array) return '<i4';
  // Uint8ClampedArray is not a Uint8Array subclass, so it lands in the error below.
  if (data instanceof Uint8Array) return '|u1';
  const name = (data as { constructor?: { name?: string } })?.constructor?.name ?? typeof data;
  throw new TypeError(`npy: unsupported array type ${name}; use Float32Array (<f4), Int32Array (<i4) or Uint8Array (|u1)`);
}

/** Python's repr of a shape tuple: `()`, `(5,)`, `(2, 3)`. */
function shapeRepr(shape: readonly number[]): string {
  if (shape.length === 0) return '()';
  if (shape.length === 1) return `(${shape[0]},)`;
  return `(${shape.join(', ')})`;
}

function checkShape(shape: readonly number[], length: number, what: string): void {
  for (const [i, s] of shape.entries()) {
    if (!Number.isSafeInteger(s) || s < 0) {
      throw new RangeError(`${what}: shape[${i}] must be a non-negative integer, got ${s}`);
    }
  }
  const size = shape.reduce((a, b) => a * b, 1);
  if (size !== length) {
    throw new RangeError(`${what}: shape [${shape.join(', ')}] holds ${size} elements but the array has ${length}`);
  }
}

/**
 * The complete `.npy` v1.0 header (magic through the final newline) for `dtype` and `shape`.
 *
 * @throws RangeError if the header would exceed the 65535 bytes that version 1.0 can describe.
 */
export function npyHeader(dtype: NpyDtype, shape: readonly number[]): Uint8Array {
  const dict = `{'descr': '${dtype}', 'fortran_order': False, 'shape': ${shapeRepr(shape)}, }`;
  // +1 for the newline; pad so that prefix + header is a multiple of NPY_ALIGN.
  const unpadded = PREFIX_V1 + dict.length + 1;
  const padding = (NPY_ALIGN - (unpadded % NPY_ALIGN)) % NPY_ALIGN;
  const text = `${dict}${' '.repeat(padding)}\n`;
  if (text.length > 0xffff) {
    throw new RangeError(`npy: header of ${text.length} bytes does not fit format version 1.0 (shape has ${shape.length} dimensions)`);
  }
  const out = new Uint8Array(PREFIX_V1 + text.length);
  out.set(MAGIC, 0);
  out[6] = 1; // major
  out[7] = 0; // minor
  out[8] = text.length & 0xff;
  out[9] = text.length >> 8;
  for (let i = 0; i < text.length; i++) out[PREFIX_V1 + i] = text.charCodeAt(i);
  return out;
}

/**
 * The `.npy` file as two chunks (header, little-endian data), so large arrays can be written without
 * a concatenated copy. On a little-endian host the data chunk is a view of `data`'s memory.
 *
 * @param data - Elements in C order.
 * @param shape - Dimensions; their product must equal `data.length`.
 */
export function npyChunks(data: NpyWritable, shape: readonly number[]): [Uint8Array, Uint8Array] {
  const dtype = npyDtypeOf(data);
  checkShape(shape, data.length, 'npy');
  return [npyHeader(dtype, shape), littleEndianBytes(data)];
}

/**
 * Encodes `data` with `shape` as the bytes of a `.npy` v1.0 file.
 *
 * @example encodeNpy(new Float32Array(6), [2, 3]) // loads in NumPy as float32 (2, 3)
 */
export function encodeNpy(data: NpyWritable, shape: readonly number[]): Uint8Array {
  const [header, body] = npyChunks(data, shape);
  const out = new Uint8Array(header.byteLength + body.byteLength);
  out.set(header, 0);
  out.set(body, header.byteLength);
  return out;
}

/** Writes `data` as a `.npy` file at `path`, atomically. Returns the absolute path. */
export async function writeNpy(path: string, data: NpyWritable, shape: readonly number[]): Promise<string> {
  // Validate before touching the disk, so a bad shape never creates a temp file.
  const chunks = npyChunks(data, shape);
  return writeFileAtomic(path, chunks);
}

const ELEMENT_KINDS: Record<string, { kind: ElementKind; size: number }> = {
  f4: { kind: 'f4', size: 4 },
  f8: { kind: 'f8', size: 8 },
  i4: { kind: 'i4', size: 4 },
  u1: { kind: 'u1', size: 1 },
};

function npyError(message: string): Error {
  return new Error(`readNpy: ${message}`);
}

/**
 * Decodes a `.npy` file (versions 1.0, 2.0, 3.0; C order) holding float32, float64, int32 or uint8
 * elements in either byte order.
 *
 * @throws Error naming the problem (bad magic, unsupported dtype, Fortran order, truncated data).
 */
export function readNpy(bytes: Uint8Array): NpyArray {
  if (bytes.byteLength < PREFIX_V1 || MAGIC.some((b, i) => bytes[i] !== b)) {
    throw npyError('not a .npy file (missing the \\x93NUMPY magic)');
  }
  const major = bytes[6]!;
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let headerStart: number;
  let headerLength: number;
  if (major === 1) {
    headerStart = 10;
    headerLength = dv.getUint16(8, true);
  } else if (major === 2 || major === 3) {
    if (bytes.byteLength < 12) throw npyError('truncated header');
    headerStart = 12;
    headerLength = dv.getUint32(8, true);
  } else {
    throw npyError(`unsupported format version ${major}.${bytes[7]}`);
  }
  const dataStart = headerStart + headerLength;
  if (dataStart > bytes.byteLength) throw npyError('truncated header');
  const header = new TextDecoder(major === 3 ? 'utf-8' : 'latin1').decode(bytes.subarray(headerStart, dataStart));

  const descr = /'descr'\s*:\s*'([^']*)'/.exec(header)?.[1];
  const fortran = /'fortran_order'\s*:\s*(True|False)/.exec(header)?.[1];
  const shapeText = /'shape'\s*:\s*\(([^)]*)\)/.exec(header)?.[1];
  if (descr === undefined || fortran === undefined || shapeText === undefined) {
    throw npyError(`malformed header ${JSON.stringify(header.trim())}`);
  }
  if (fortran === 'True') throw npyError('Fortran-order arrays are not supported; save with C order (numpy.ascontiguousarray)');

  const shape = shapeText
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .map((s) => {
      const n = Number(s.replace(/L$/, ''));
      if (!Number.isSafeInteger(n) || n < 0) throw npyError(`bad shape entry ${JSON.stringify(s)} in ${shapeText}`);
      return n;
    });

  const order = descr[0];
  const element = ELEMENT_KINDS[descr.slice(1)];
  const validOrder = order === '<' || order === '>' || order === '|' || order === '=';
  if (!validOrder || element === undefined || (order === '|' && element.size !== 1)) {
    throw npyError(`unsupported dtype ${JSON.stringify(descr)}; expected <f4, <f8, <i4 or |u1 (either byte order)`);
  }
  const littleEndian = order !== '>';
  const count = shape.reduce((a, b) => a * b, 1);
  const byteCount = count * element.size;
  if (bytes.byteLength - dataStart < byteCount) {
    throw npyError(
      `truncated data: shape [${shape.join(', ')}] of ${descr} needs ${byteCount} bytes, file has ${bytes.byteLength - dataStart}`,
    );
  }
  const data = decodeElements(bytes.subarray(dataStart, dataStart + byteCount), element.kind, littleEndian);
  return { dtype: descr, shape, data };
}

/** Reads and decodes a `.npy` file from disk (see {@link readNpy}). */
export async function readNpyFile(path: string): Promise<NpyArray> {
  try {
    return readNpy(await readFile(path));
  } catch (error) {
    if (error instanceof Error && error.message.startsWith('readNpy:')) {
      throw new Error(`${error.message} (file ${path})`, { cause: error });
    }
    throw error;
  }
}
