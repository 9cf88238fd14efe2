/**
 * FP32 peak of the CPU the bench runs on: cores × FMA units × float32 lanes × 2 (multiply + add) ×
 * GHz, with the FMA units and their width taken from a table keyed by vendor, family and model
 * (/proc/cpuinfo). AVX-512 flags alone do not give the FMA width: AMD Zen 4 executes a 512-bit FMA
 * as two 256-bit halves; Intel client parts (Ice Lake, Tiger Lake, Rocket Lake) have one 512-bit
 * FMA unit (ports 0 + 1 fused), the server parts two. Every assumption is returned as a sentence,
 * so the printed peak says what it rests on.
 */

export interface CpuPeak {
  vendor: string;
  family: number | null;
  model: number | null;
  name: string;
  cores: number;
  ghz: number;
  /** Microarchitecture the table row names ("unknown" when no row matched). */
  microarch: string;
  /** FMA units per core for the widest vector the core executes at full rate. */
  fmaUnits: number;
  /** float32 lanes per FMA unit (256-bit: 8, 512-bit: 16). */
  lanes: number;
  /** fmaUnits × lanes × 2. */
  flopPerCycle: number;
  peakGflops: number;
  /** The sentence shown next to the peak: the formula with its numbers. */
  formula: string;
  assumptions: string[];
  flags: { avx2: boolean; fma: boolean; avx512f: boolean; amx: boolean; avx512fp16: boolean };
}

interface Row {
  vendor: 'GenuineIntel' | 'AuthenticAMD';
  family: number;
  models: (number | [number, number])[];
  microarch: string;
  fmaUnits: number;
  /** FMA datapath width in bits. */
  width: 128 | 256 | 512;
  note?: string;
}

/** The table. Models are the decimal `model` field of /proc/cpuinfo. */
export const CPU_TABLE: Row[] = [
  // Intel, family 6.
  { vendor: 'GenuineIntel', family: 6, models: [60, 63, 69, 70, 61, 71, 79, 86], microarch: 'Haswell/Broadwell', fmaUnits: 2, width: 256 },
  {
    vendor: 'GenuineIntel',
    family: 6,
    models: [78, 94, 142, 158, 165, 166],
    microarch: 'Skylake/Kaby/Coffee/Comet Lake (client)',
    fmaUnits: 2,
    width: 256,
  },
  {
    vendor: 'GenuineIntel',
    family: 6,
    models: [85],
    microarch: 'Skylake-SP/Cascade Lake/Cooper Lake (server)',
    fmaUnits: 2,
    width: 512,
    note: 'Xeon Bronze, Silver and some Gold 5xxx parts of this family have one 512-bit FMA unit: the peak may be half',
  },
  { vendor: 'GenuineIntel', family: 6, models: [106, 108], microarch: 'Ice Lake-SP (server)', fmaUnits: 2, width: 512 },
  { vendor: 'GenuineIntel', family: 6, models: [143], microarch: 'Sapphire Rapids (server)', fmaUnits: 2, width: 512 },
  { vendor: 'GenuineIntel', family: 6, models: [207], microarch: 'Emerald Rapids (server)', fmaUnits: 2, width: 512 },
  { vendor: 'GenuineIntel', family: 6, models: [173, 174], microarch: 'Granite Rapids (server)', fmaUnits: 2, width: 512 },
  {
    vendor: 'GenuineIntel',
    family: 6,
    models: [125, 126, 140, 141, 167],
    microarch: 'Ice Lake/Tiger Lake/Rocket Lake (client)',
    fmaUnits: 1,
    width: 512,
    note: 'one 512-bit FMA unit (ports 0 and 1 fused); 256-bit code runs on two: the same 32 flop/cycle',
  },
  {
    vendor: 'GenuineIntel',
    family: 6,
    models: [151, 154, 183, 186, 191, 170, 189, 197, 198],
    microarch: 'Alder/Raptor/Meteor/Lunar/Arrow Lake (client, P-cores)',
    fmaUnits: 2,
    width: 256,
  },
  // AMD.
  {
    vendor: 'AuthenticAMD',
    family: 23,
    models: [[0, 0x2f]],
    microarch: 'Zen/Zen+',
    fmaUnits: 2,
    width: 128,
    note: '256-bit AVX2 FMAs run as two 128-bit halves',
  },
  { vendor: 'AuthenticAMD', family: 23, models: [[0x30, 0xff]], microarch: 'Zen 2', fmaUnits: 2, width: 256 },
  {
    vendor: 'AuthenticAMD',
    family: 25,
    models: [
      [0x00, 0x0f],
      [0x20, 0x2f],
      [0x40, 0x5f],
    ],
    microarch: 'Zen 3',
    fmaUnits: 2,
    width: 256,
  },
  {
    vendor: 'AuthenticAMD',
    family: 25,
    models: [
      [0x10, 0x1f],
      [0x60, 0x7f],
      [0xa0, 0xaf],
    ],
    microarch: 'Zen 4',
    fmaUnits: 2,
    width: 256,
    note: 'AVX-512 is executed as two 256-bit halves: AVX-512 flags do not double the peak',
  },
  {
    vendor: 'AuthenticAMD',
    family: 26,
    models: [
      [0x00, 0x1f],
      [0x40, 0x4f],
    ],
    microarch: 'Zen 5 (server/desktop)',
    fmaUnits: 2,
    width: 512,
    note: 'full 512-bit datapath on server and desktop parts; mobile Zen 5 parts run 512-bit FMAs as two halves (half this peak)',
  },
];

function matches(row: Row, vendor: string, family: number | null, model: number | null): boolean {
  if (row.vendor !== vendor || row.family !== family || model === null) return false;
  return row.models.some((m) => (Array.isArray(m) ? model >= m[0] && model <= m[1] : model === m));
}

/** Parses /proc/cpuinfo text (first processor block for the identity; `cores` = logical CPUs). */
export function cpuPeak(cpuinfo: string, cores: number, fallbackMhz = 0): CpuPeak {
  const field = (k: string) => cpuinfo.match(new RegExp(`^${k}\\s*:\\s*(.+)$`, 'm'))?.[1].trim();
  const vendor = field('vendor_id') ?? 'unknown';
  const family = field('cpu family') !== undefined ? Number(field('cpu family')) : null;
  const model = field('model') !== undefined ? Number(field('model')) : null;
  const name = field('model name') ?? 'unknown';
  const flagSet = new Set((field('flags') ?? '').split(/\s+/));
  const mhz = [...cpuinfo.matchAll(/^cpu MHz\s*:\s*([\d.]+)/gm)].map((m) => Number(m[1]));
  const ghz = (mhz.length ? Math.max(...mhz) : fallbackMhz) / 1000;
  const flags = {
    avx2: flagSet.has('avx2'),
    fma: flagSet.has('fma'),
    avx512f: flagSet.has('avx512f'),
    amx: flagSet.has('amx_tile'),
    avx512fp16: flagSet.has('avx512_fp16'),
  };
  const assumptions: string[] = [];
  let row = CPU_TABLE.find((r) => matches(r, vendor, family, model));
  // A hypervisor may report a model id that is not the host's: an Intel part with AMX and
  // AVX512-FP16 is Sapphire Rapids or later (server, two 512-bit FMA units) whatever its model says.
  if (vendor === 'GenuineIntel' && flags.amx && flags.avx512fp16 && (!row || row.microarch.includes('client'))) {
    const said = row ? `model ${model} (${row.microarch})` : `model ${model} (not in the table)`;
    row = {
      vendor: 'GenuineIntel',
      family: 6,
      models: [],
      microarch: 'Sapphire Rapids or later (server), classified by its flags',
      fmaUnits: 2,
      width: 512,
    };
    assumptions.push(
      `The CPU reports ${said}, but its flags include AMX and AVX512-FP16, which only Sapphire Rapids and later server parts have ("${name}"): the model id is the hypervisor's, and the table row used is Sapphire Rapids (2 FMA units × 512 bits).`,
    );
  }
  if (!row) {
    // Not in the table: the flags give an upper bound that is right for most AVX2 parts.
    const width = flags.avx2 && flags.fma ? 256 : 128;
    row = {
      vendor: vendor as Row['vendor'],
      family: family ?? -1,
      models: [],
      microarch: 'unknown (not in the table)',
      fmaUnits: 2,
      width,
    };
    assumptions.push(
      `${vendor} family ${family} model ${model} is not in the table: assumed 2 FMA units × ${width} bits from the flags${flags.avx512f ? ' (AVX-512 is reported, but its FMA width is not known from the flags: not counted)' : ''}.`,
    );
  }
  if (row.note) assumptions.push(`${row.microarch}: ${row.note}.`);
  const lanes = row.width / 32;
  const flopPerCycle = row.fmaUnits * lanes * 2;
  const peakGflops = cores * flopPerCycle * ghz;
  assumptions.push(
    `The clock is the highest "cpu MHz" of /proc/cpuinfo (${ghz.toFixed(3)} GHz): the base/TSC clock under a hypervisor; turbo or AVX-512 frequency offsets move the real peak.`,
  );
  assumptions.push(
    `The ${cores} cores are logical CPUs (hypervisor vCPUs); if two are hyperthreads of one physical core they share its FMA units, and the peak is half.`,
  );
  const formula = `${cores} cores × ${row.fmaUnits} FMA units × ${lanes} float32 lanes (${row.width}-bit) × 2 × ${ghz.toFixed(3)} GHz = ${peakGflops.toFixed(1)} GFLOP/s (${row.microarch})`;
  return {
    vendor,
    family,
    model,
    name,
    cores,
    ghz,
    microarch: row.microarch,
    fmaUnits: row.fmaUnits,
    lanes,
    flopPerCycle,
    peakGflops,
    formula,
    assumptions,
    flags,
  };
}
