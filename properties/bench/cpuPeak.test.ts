import { describe, expect, it } from 'vitest';
import { cpuPeak } from '../../bench/cpuPeak.js';

const info = (vendor: string, family: number, model: number, name: string, flags: string, mhz = 2600) =>
  `processor\t: 0\nvendor_id\t: ${vendor}\ncpu family\t: ${family}\nmodel\t\t: ${model}\nmodel name\t: ${name}\ncpu MHz\t\t: ${mhz}\nflags\t\t: fpu sse2 ${flags}\n`;
const AVX512 = 'avx avx2 fma avx512f avx512dq avx512bw avx512vl';

describe('bench FP32 peak: FMA units and width from the CPU table, not from the AVX-512 flags', () => {
  it('AMD Zen 4 (family 25, model 0x11) with AVX-512 flags: 2 × 256-bit FMAs, 32 flop/cycle', () => {
    const p = cpuPeak(info('AuthenticAMD', 25, 17, 'AMD EPYC 9354', AVX512), 2);
    expect(p.microarch).toBe('Zen 4');
    expect(p.flopPerCycle).toBe(32);
    expect(p.peakGflops).toBeCloseTo(2 * 32 * 2.6, 6);
  });
  it('AMD Zen 3 (family 25, model 1): 32 flop/cycle', () => {
    expect(cpuPeak(info('AuthenticAMD', 25, 1, 'AMD EPYC 7B13', 'avx avx2 fma'), 2).flopPerCycle).toBe(32);
  });
  it('Intel Sapphire Rapids (model 143): 2 × 512-bit FMAs, 64 flop/cycle', () => {
    const p = cpuPeak(info('GenuineIntel', 6, 143, 'Intel Xeon Platinum 8481C', `${AVX512} amx_tile avx512_fp16`), 4);
    expect(p.flopPerCycle).toBe(64);
    expect(p.peakGflops).toBeCloseTo(4 * 64 * 2.6, 6);
  });
  it('Intel Rocket Lake (model 167) without AMX: one 512-bit FMA unit, 32 flop/cycle', () => {
    expect(cpuPeak(info('GenuineIntel', 6, 167, 'Intel Core i9-11900K', AVX512), 8).flopPerCycle).toBe(32);
  });
  it('a client model id with AMX and AVX512-FP16 flags is classified by its flags (server, 64 flop/cycle) and says so', () => {
    const p = cpuPeak(info('GenuineIntel', 6, 167, 'Intel(R) Xeon(R) Processor', `${AVX512} amx_tile amx_bf16 avx512_fp16`), 2);
    expect(p.flopPerCycle).toBe(64);
    expect(p.assumptions.join(' ')).toMatch(/model 167.*AMX/);
  });
  it('a CPU not in the table with AVX2: 2 × 256-bit FMAs and an assumption saying it is not in the table', () => {
    const p = cpuPeak(info('GenuineIntel', 6, 1, 'Mystery', AVX512), 2);
    expect(p.flopPerCycle).toBe(32);
    expect(p.assumptions[0]).toMatch(/not in the table/);
  });
});
