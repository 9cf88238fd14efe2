/**
 * The `.npy` writer and reader (docs/cli.md#export). Guarantees checked here: any Float32/Int32/Uint8
 * array of any shape survives write → read bit for bit; the header is NumPy's own v1.0 header,
 * byte for byte, with the data 64-byte aligned; the little-endian conversion is right even on a
 * big-endian host; malformed files are rejected with a message naming the problem; and, where
 * python3 with numpy is installed, NumPy loads our files and we load NumPy's, both exactly.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeElements, littleEndianBytes } from '../../src/export/_internals/littleEndian.js';
import { encodeNpy, npyHeader, NPY_ALIGN, readNpy, readNpyFile, writeNpy } from '../../src/export/npy.js';
import type { NpyWritable } from '../../src/export/npy.js';

/** Bytes of a typed array, for bit-exact comparison (NaN payloads, −0). */
const bytesOf = (a: ArrayBufferView) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);

const HAS_NUMPY = spawnSync('python3', ['-c', 'import numpy'], { stdio: 'ignore' }).status === 0;
if (!HAS_NUMPY) console.warn('[provably] python3 with numpy not found: NumPy interoperability tests of .npy files are SKIPPED');

const shapeArb = fc.array(fc.integer({ min: 0, max: 5 }), { maxLength: 4 });
const arrayArb: fc.Arbitrary<{ data: NpyWritable; shape: number[] }> = shapeArb.chain((shape) => {
  const size = shape.reduce((a, b) => a * b, 1);
  return fc.oneof(
    fc.float32Array({ minLength: size, maxLength: size }).map((data) => ({ data: data as NpyWritable, shape })),
    fc.int32Array({ minLength: size, maxLength: size }).map((data) => ({ data: data as NpyWritable, shape })),
    fc.uint8Array({ minLength: size, maxLength: size }).map((data) => ({ data: data as NpyWritable, shape })),
  );
});

describe('encodeNpy / readNpy', () => {
  it('round-trips any supported array bit for bit, with an aligned, newline-terminated header', () => {
    fc.assert(
      fc.property(arrayArb, ({ data, shape }) => {
        const bytes = encodeNpy(data, shape);
        const headerLength = bytes[8]! | (bytes[9]! << 8);
        expect((10 + headerLength) % NPY_ALIGN).toBe(0);
        expect(bytes[10 + headerLength - 1]).toBe(0x0a);
        expect(bytes.byteLength).toBe(10 + headerLength + data.byteLength);
        const back = readNpy(bytes);
        expect(back.shape).toEqual(shape);
        expect(back.data.constructor).toBe(data.constructor);
        expect(bytesOf(back.data).equals(bytesOf(data))).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('writes exactly the header NumPy writes: (2, 3) float32, (5,) int32, () uint8', () => {
    const text = (b: Uint8Array) => Buffer.from(b).toString('latin1');
    const expected = (dict: string) => {
      const pad = 128 - 10 - dict.length - 1;
      return `\x93NUMPY\x01\x00v\x00${dict}${' '.repeat(pad)}\n`;
    };
    // These strings are what numpy 2.x np.save writes for the same arrays.
    expect(text(npyHeader('<f4', [2, 3]))).toBe(expected("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }"));
    expect(text(npyHeader('<i4', [5]))).toBe(expected("{'descr': '<i4', 'fortran_order': False, 'shape': (5,), }"));
    expect(text(npyHeader('|u1', []))).toBe(expected("{'descr': '|u1', 'fortran_order': False, 'shape': (), }"));
  });

  it('refuses a shape that does not match the data, and unsupported array types', () => {
    expect(() => encodeNpy(new Float32Array(6), [2, 2])).toThrow(/shape \[2, 2\] holds 4 elements but the array has 6/);
    expect(() => encodeNpy(new Float32Array(2), [2, -1 as number])).toThrow(/non-negative integer/);
    expect(() => encodeNpy(new Float64Array(2) as unknown as Float32Array, [2])).toThrow(/unsupported array type Float64Array/);
  });

  it('produces little-endian bytes on a big-endian host too', () => {
    fc.assert(
      fc.property(fc.oneof(fc.float32Array({ maxLength: 20 }), fc.int32Array({ maxLength: 20 })), (data) => {
        const asIfBigEndianHost = littleEndianBytes(data, false);
        const dv = new DataView(asIfBigEndianHost.buffer, asIfBigEndianHost.byteOffset, asIfBigEndianHost.byteLength);
        for (let i = 0; i < data.length; i++) {
          const v = data instanceof Float32Array ? dv.getFloat32(i * 4, true) : dv.getInt32(i * 4, true);
          expect(Object.is(v, data[i]) || (Number.isNaN(v) && Number.isNaN(data[i]!))).toBe(true);
        }
      }),
    );
  });

  it('reads big-endian and float64 files written elsewhere', () => {
    const values = [1.5, -2.25, Math.PI];
    const dict = "{'descr': '>f8', 'fortran_order': False, 'shape': (3,), }";
    const header = Buffer.from(`\x93NUMPY\x01\x00\x00\x00${dict}${' '.repeat(128 - 10 - dict.length - 1)}\n`, 'latin1');
    header.writeUInt16LE(128 - 10, 8);
    const body = Buffer.alloc(24);
    values.forEach((v, i) => body.writeDoubleBE(v, i * 8));
    const back = readNpy(Buffer.concat([header, body]));
    expect(back.dtype).toBe('>f8');
    expect(back.data).toBeInstanceOf(Float64Array);
    expect([...back.data]).toEqual(values);
    expect([...decodeElements(new Uint8Array([0, 0, 0, 1]), 'i4', false)]).toEqual([1]);
  });

  it('rejects malformed files with a message naming the problem', () => {
    const good = encodeNpy(new Float32Array([1, 2, 3, 4]), [2, 2]);
    expect(() => readNpy(new Uint8Array([1, 2, 3]))).toThrow(/missing the \\x93NUMPY magic/);
    expect(() => readNpy(good.subarray(0, good.byteLength - 1))).toThrow(
      /truncated data: shape \[2, 2\] of <f4 needs 16 bytes, file has 15/,
    );
    const fortran = Buffer.from(good);
    fortran.write("'fortran_order': True, ", Buffer.from(good).indexOf("'fortran_order'"), 'latin1');
    expect(() => readNpy(fortran)).toThrow(/Fortran-order/);
    const complex = Buffer.from(good);
    complex.write("'<c8'", complex.indexOf("'<f4'"), 'latin1');
    expect(() => readNpy(complex)).toThrow(/unsupported dtype "<c8"/);
    const v9 = Buffer.from(good);
    v9[6] = 9;
    expect(() => readNpy(v9)).toThrow(/unsupported format version 9/);
  });
});

describe.skipIf(!HAS_NUMPY)('NumPy interoperability (requires python3 with numpy)', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'provably-npy-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('numpy.load reads our files with the right dtype, shape and values; np.save writes the same bytes', async () => {
    const cases: { name: string; data: NpyWritable; shape: number[]; dtype: string }[] = [
      { name: 'f4', data: Float32Array.from({ length: 24 }, (_, i) => Math.fround(i * 0.37 - 3.1)), shape: [2, 3, 4], dtype: 'float32' },
      { name: 'i4', data: Int32Array.from([0, -1, 2147483647, -2147483648, 7]), shape: [5], dtype: 'int32' },
      { name: 'u1', data: Uint8Array.from([0, 1, 2, 255, 128, 7]), shape: [2, 3], dtype: 'uint8' },
      { name: 'empty', data: new Float32Array(0), shape: [0, 3], dtype: 'float32' },
    ];
    for (const c of cases) await writeNpy(join(dir, `${c.name}.npy`), c.data, c.shape);
    const script = `
import json, sys, io, numpy as np
out = {}
for name in sys.argv[2:]:
    path = f"{sys.argv[1]}/{name}.npy"
    a = np.load(path, allow_pickle=False)
    buf = io.BytesIO(); np.save(buf, a)
    same = buf.getvalue() == open(path, "rb").read()
    out[name] = {"dtype": str(a.dtype), "shape": list(a.shape), "values": a.ravel().tolist(), "c_order": bool(a.flags.c_contiguous), "same_bytes": same}
print(json.dumps(out))`;
    const result = JSON.parse(execFileSync('python3', ['-c', script, dir, ...cases.map((c) => c.name)], { encoding: 'utf8' }));
    for (const c of cases) {
      const r = result[c.name];
      expect(r.dtype, c.name).toBe(c.dtype);
      expect(r.shape, c.name).toEqual(c.shape);
      expect(r.values, c.name).toEqual([...c.data]);
      expect(r.c_order, c.name).toBe(true);
      expect(r.same_bytes, `${c.name}: np.save of the loaded array gives our bytes`).toBe(true);
    }
  });

  it('readNpy reads what np.save writes, including big-endian and float64', async () => {
    const script = `
import numpy as np, sys
d = sys.argv[1]
np.save(d + "/np_f4.npy", np.arange(12, dtype="<f4").reshape(3, 4) / 7)
np.save(d + "/np_be.npy", np.array([1, -2, 300000], dtype=">i4"))
np.save(d + "/np_f8.npy", np.array([[0.1, 0.2], [0.3, 1e300]]))
np.save(d + "/np_scalar.npy", np.uint8(200))`;
    execFileSync('python3', ['-c', script, dir]);
    const f4 = await readNpyFile(join(dir, 'np_f4.npy'));
    expect(f4.shape).toEqual([3, 4]);
    expect([...f4.data]).toEqual(Array.from({ length: 12 }, (_, i) => Math.fround(Math.fround(i) / 7)));
    const be = await readNpyFile(join(dir, 'np_be.npy'));
    expect(be.dtype).toBe('>i4');
    expect([...be.data]).toEqual([1, -2, 300000]);
    const f8 = await readNpyFile(join(dir, 'np_f8.npy'));
    expect([...f8.data]).toEqual([0.1, 0.2, 0.3, 1e300]);
    const scalar = await readNpyFile(join(dir, 'np_scalar.npy'));
    expect(scalar.shape).toEqual([]);
    expect([...scalar.data]).toEqual([200]);
    // And a file that is not .npy names the file.
    await expect(readNpyFile(join(dir, 'np_f4.npy').replace('.npy', '.missing'))).rejects.toThrow(/ENOENT/);
    const bytes = await readFile(join(dir, 'np_f4.npy'));
    expect(readNpy(bytes).dtype).toBe('<f4');
  });
});
