/**
 * Byte-order helpers for the .npy writer and reader. `.npy` files from provably are always
 * little-endian (docs/cli.md#export), whatever the host; typed arrays use the host's order, so a
 * big-endian host must swap. The host order is a parameter so that tests can exercise both paths on
 * any machine.
 */

/** True when this machine stores multi-byte numbers little-endian (every platform Node ships on today). */
export const HOST_LITTLE_ENDIAN: boolean = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Typed arrays the .npy module handles. */
export type NumericArray = Float32Array | Float64Array | Int32Array | Uint8Array;

/**
 * The little-endian bytes of `data`. On a little-endian host this is a zero-copy view of the array's
 * memory; otherwise a converted copy.
 */
export function littleEndianBytes(data: NumericArray, hostLittleEndian: boolean = HOST_LITTLE_ENDIAN): Uint8Array {
  const view = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  if (data.BYTES_PER_ELEMENT === 1 || hostLittleEndian) return view;
  const out = new Uint8Array(data.byteLength);
  const dv = new DataView(out.buffer);
  if (data instanceof Float32Array) data.forEach((x, i) => dv.setFloat32(i * 4, x, true));
  else if (data instanceof Float64Array) data.forEach((x, i) => dv.setFloat64(i * 8, x, true));
  else data.forEach((x, i) => dv.setInt32(i * 4, x, true));
  return out;
}

/** Element kinds the reader can decode. */
export type ElementKind = 'f4' | 'f8' | 'i4' | 'u1';

/**
 * Decodes `bytes` (a whole number of elements in the given byte order) into a fresh typed array.
 * Always copies, so the result is aligned and independent of the source buffer.
 */
export function decodeElements(bytes: Uint8Array, kind: ElementKind, littleEndian: boolean): NumericArray {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  switch (kind) {
    case 'u1':
      return Uint8Array.from(bytes);
    case 'f4': {
      const out = new Float32Array(bytes.byteLength / 4);
      for (let i = 0; i < out.length; i++) out[i] = dv.getFloat32(i * 4, littleEndian);
      return out;
    }
    case 'f8': {
      const out = new Float64Array(bytes.byteLength / 8);
      for (let i = 0; i < out.length; i++) out[i] = dv.getFloat64(i * 8, littleEndian);
      return out;
    }
    case 'i4': {
      const out = new Int32Array(bytes.byteLength / 4);
      for (let i = 0; i < out.length; i++) out[i] = dv.getInt32(i * 4, littleEndian);
      return out;
    }
  }
}
