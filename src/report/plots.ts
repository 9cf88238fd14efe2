/**
 * The report's plots: vega-lite specs (pure data, testable without rendering) and their rendering
 * to standalone SVG in Node, headless, with no canvas and no network (vega's "none" renderer
 * estimates text widths instead of measuring them).
 */
import { parse, View } from 'vega';
import { compile } from 'vega-lite';
import type { TopLevelSpec } from 'vega-lite';
import type { Manifest } from '../experiment/types.js';
import type { Proportion } from '../measure/types.js';
import type { ResultFile, RunRecord, TraceRecord } from '../result/resultFile.js';
import { lambdaHat } from '../claims/lambdaHat.js';
import { DEFAULT_THRESHOLDS } from '../claims/registry.js';
import { backendLabel } from './_internals/tables.js';

/** A rendered plot. */
export interface Plot {
  /** Stable id, unique within a report (used to keep SVG element ids apart). */
  id: string;
  title: string;
  /** What the plot shows, for readers and screen readers. */
  caption: string;
  svg: string;
}

/** A plot before rendering. */
export interface PlotSpec {
  id: string;
  title: string;
  caption: string;
  spec: TopLevelSpec;
}

/** Colours: robust (u) green, non-robust (v) orange throughout; ST slate, AT crimson. */
export const PALETTE = {
  robust: '#1b9e77',
  nonRobust: '#d95f02',
  rest: '#b8b2aa',
  st: '#4c6a9a',
  at: '#c0392b',
  train: '#4c6a9a',
  test: '#e08a1e',
} as const;

const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif';

const CONFIG = {
  font: FONT,
  background: 'white',
  padding: 8,
  view: { stroke: '#d8dde3' },
  axis: {
    labelColor: '#444',
    titleColor: '#333',
    gridColor: '#eceff3',
    domainColor: '#9aa3ad',
    tickColor: '#9aa3ad',
    labelFontSize: 11,
    titleFontSize: 11,
    titleFontWeight: 600,
  },
  legend: { labelFontSize: 11, titleFontSize: 11, orient: 'bottom', direction: 'horizontal', labelLimit: 320 },
  header: { labelFontSize: 12, labelFontWeight: 600, labelColor: '#333', title: null },
  title: { fontSize: 13, fontWeight: 600, anchor: 'start', color: '#1f2933', subtitleColor: '#66707a', subtitleFontSize: 11 },
} as const;

/** JSON numbers only: vega treats null as missing and draws a gap, which is right for NaN / ±∞. */
function finite(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}

function subtitle(manifest: Manifest, run: RunRecord): string {
  return `${run.scenario} · seed ${run.seed} · ${backendLabel(manifest)}${run.status === 'interrupted' ? ' · interrupted' : ''}`;
}

const TRAININGS = ['ST', 'AT'] as const;

function traceValues<T extends string>(
  run: RunRecord,
  series: readonly { label: T; get: (row: TraceRecord) => number }[],
): { step: number; training: string; series: T; value: number | null }[] {
  const out: { step: number; training: string; series: T; value: number | null }[] = [];
  for (const training of TRAININGS) {
    const trace = training === 'ST' ? run.traces.st : run.traces.at;
    for (const row of trace) for (const s of series) out.push({ step: row.step, training, series: s.label, value: finite(s.get(row)) });
  }
  return out;
}

function facetedLines(
  title: string,
  sub: string,
  values: { step: number; training: string; series: string; value: number | null }[],
  colors: { domain: string[]; range: string[] },
  y: { title: string; domain?: [number, number] },
  totalSteps: number,
  dashes?: { domain: string[]; range: number[][] },
): TopLevelSpec {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: title, subtitle: sub },
    data: { values },
    facet: {
      column: {
        field: 'training',
        type: 'nominal',
        sort: [...TRAININGS],
        header: { labelExpr: "datum.value === 'ST' ? 'Standard training (ST)' : 'Adversarial training (AT)'" },
      },
    },
    spec: {
      width: 250,
      height: 170,
      mark: { type: 'line', strokeWidth: 2, interpolate: 'monotone', clip: true },
      encoding: {
        // The full planned length, so that an interrupted run visibly stops short.
        x: { field: 'step', type: 'quantitative', title: 'training step', scale: { domain: [0, totalSteps], nice: false } },
        y: { field: 'value', type: 'quantitative', title: y.title, ...(y.domain ? { scale: { domain: y.domain } } : {}) },
        color: { field: 'series', type: 'nominal', title: null, scale: colors },
        // A second channel besides colour: solid vs dashed, readable in grey print and by colour-blind readers.
        ...(dashes ? { strokeDash: { field: 'series', type: 'nominal', title: null, scale: dashes } } : {}),
      },
    },
    resolve: { scale: { y: 'shared' } },
    config: CONFIG,
  } as TopLevelSpec;
}

/** A horizontal reference line of a trace panel: an initial value or a claim's threshold. */
export interface RuleLine {
  value: number;
  label: string;
}

/**
 * The reference lines of the four Λ/Γ panels: Λ(0) and Γ(0) everywhere, and the thresholds the
 * claims compare the final values with (default thresholds): ST-1's 3·Λ̂_ST on Γ of ST, AT-1's
 * 2·Λ̂_ST and 5·max(Λ(0), sigma0) on Λ of AT, AT-2's 0.5·Γ_ST on Γ of AT.
 */
export function featureRuleLines(run: RunRecord): Record<'Λ' | 'Γ', Record<'ST' | 'AT', RuleLine[]>> {
  const t = DEFAULT_THRESHOLDS;
  const l0 = run.init.lambda;
  const g0 = run.init.gamma;
  const hatSt = lambdaHat(run.measurements.st.lambda, l0);
  const keep = (lines: RuleLine[]) => lines.filter((r) => Number.isFinite(r.value));
  return {
    Λ: {
      ST: keep([{ value: l0, label: 'Λ(0)' }]),
      AT: keep([
        { value: l0, label: 'Λ(0)' },
        { value: t['AT-1'].overStLambdaHat * hatSt, label: `AT-1: ${t['AT-1'].overStLambdaHat}·Λ̂_ST` },
        {
          value: t['AT-1'].overInitLambda * Math.max(l0, run.regime.evaluated.sigma0),
          label: `AT-1: ${t['AT-1'].overInitLambda}·max(Λ(0), σ0)`,
        },
      ]),
    },
    Γ: {
      ST: keep([
        { value: g0, label: 'Γ(0)' },
        { value: t['ST-1'].ratio * hatSt, label: `ST-1: ${t['ST-1'].ratio}·Λ̂_ST` },
      ]),
      AT: keep([
        { value: g0, label: 'Γ(0)' },
        { value: t['AT-2'].gammaFactor * run.measurements.st.gamma, label: `AT-2: ${t['AT-2'].gammaFactor}·Γ_ST` },
      ]),
    },
  };
}

/**
 * The symlog constant of a Λ/Γ panel: below it the scale is linear (so values ≤ 0, which Λ(0) can
 * be, are drawn), above it logarithmic (so a curve near Λ(0) and one near 1 are both readable).
 */
export function symlogConstant(run: RunRecord): number {
  const c = Math.max(Math.abs(run.init.lambda), Math.abs(run.init.gamma), run.regime.evaluated.sigma0);
  return Number.isFinite(c) && c > 0 ? c : 1e-3;
}

/**
 * (a) Λ and Γ along training: four panels (Λ, Γ × ST, AT), each with its own symlog y scale, the
 * initial values and the claims' thresholds drawn as dashed rules.
 */
export function featureTraceSpec(run: RunRecord, manifest: Manifest): PlotSpec {
  const labels = ['Λ (robust feature u)', 'Γ (non-robust feature v)'] as const;
  const values = traceValues(run, [
    { label: labels[0], get: (r) => r.lambda },
    { label: labels[1], get: (r) => r.gamma },
  ]);
  const rules = featureRuleLines(run);
  const constant = symlogConstant(run);
  const T = run.regime.evaluated.T;
  const colors = { domain: [...labels], range: [PALETTE.robust, PALETTE.nonRobust] };
  const panel = (measure: 'Λ' | 'Γ', training: 'ST' | 'AT') => {
    const series = measure === 'Λ' ? labels[0] : labels[1];
    const lines = rules[measure][training].map((r) => ({ ...r, value: finite(r.value) }));
    return {
      title: { text: `${measure} · ${training === 'ST' ? 'standard training (ST)' : 'adversarial training (AT)'}`, fontSize: 12 },
      width: 250,
      height: 150,
      layer: [
        {
          transform: [
            {
              filter: {
                and: [
                  { field: 'training', equal: training },
                  { field: 'series', equal: series },
                ],
              },
            },
          ],
          mark: { type: 'line', strokeWidth: 2, interpolate: 'monotone', clip: true },
          encoding: {
            x: { field: 'step', type: 'quantitative', title: 'training step', scale: { domain: [0, T], nice: false } },
            y: { field: 'value', type: 'quantitative', title: `${measure} (symlog)`, scale: { type: 'symlog', constant } },
            color: { field: 'series', type: 'nominal', title: null, scale: colors },
          },
        },
        {
          data: { values: lines },
          mark: { type: 'rule', strokeDash: [4, 3], strokeWidth: 1.2, color: '#5b6470' },
          encoding: { y: { field: 'value', type: 'quantitative' } },
        },
        {
          data: { values: lines },
          mark: { type: 'text', align: 'left', baseline: 'bottom', dx: 3, dy: -2, fontSize: 10, color: '#3d444d' },
          encoding: { x: { datum: 0, type: 'quantitative' }, y: { field: 'value', type: 'quantitative' }, text: { field: 'label' } },
        },
      ],
    };
  };
  return {
    id: 'features',
    title: 'Feature learning along training',
    caption:
      'Λ = mean_j max_r ⟨w_{j,r}, u_j⟩ and Γ = mean_j max_r ⟨w_{j,r}, v_j⟩ at every logged step, each panel on its own symlog scale (linear near 0, so values ≤ 0 show; logarithmic above). ' +
      'Dashed lines: the initial values Λ(0), Γ(0) and the thresholds the claims compare the final values with (ST-1 on Γ of ST, AT-1 on Λ of AT, AT-2 on Γ of AT). The paper predicts Γ ≫ Λ for ST and a larger Λ, smaller Γ for AT.',
    spec: {
      $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
      title: { text: 'Λ and Γ along training', subtitle: subtitle(manifest, run) },
      data: { values },
      columns: 2,
      concat: [panel('Λ', 'ST'), panel('Λ', 'AT'), panel('Γ', 'ST'), panel('Γ', 'AT')],
      resolve: { scale: { y: 'independent', x: 'independent' } },
      config: CONFIG,
    } as TopLevelSpec,
  };
}

/** (b) Clean train and test accuracy along training, ST and AT side by side. */
export function accuracyTraceSpec(run: RunRecord, manifest: Manifest): PlotSpec {
  const labels = ['train accuracy', 'test accuracy'] as const;
  const values = traceValues(run, [
    { label: labels[0], get: (r) => r.trainAcc },
    { label: labels[1], get: (r) => r.testAcc },
  ]);
  return {
    id: 'accuracy',
    title: 'Clean accuracy along training',
    caption: 'Clean train and test accuracy at every logged step (the AT training set accuracy is measured on clean points).',
    spec: facetedLines(
      'Clean accuracy along training',
      subtitle(manifest, run),
      values,
      { domain: [...labels], range: [PALETTE.train, PALETTE.test] },
      { title: 'accuracy', domain: [0, 1] },
      run.regime.evaluated.T,
      {
        domain: [...labels],
        range: [
          [1, 0],
          [6, 3],
        ],
      },
    ),
  };
}

/** (c) Final clean, feature-direction and PGD robust accuracy, ST vs AT, with Wilson intervals. */
export function robustnessSpec(run: RunRecord, manifest: Manifest): PlotSpec {
  const metrics: [string, (m: RunRecord['measurements']['st']) => Proportion][] = [
    ['clean', (m) => m.testAcc],
    ['feature-direction', (m) => m.robust.feature],
    ['PGD', (m) => m.robust.pgd],
  ];
  const values = metrics.flatMap(([metric, get]) =>
    TRAININGS.map((training) => {
      const p = get(training === 'ST' ? run.measurements.st : run.measurements.at);
      return { metric, training, value: finite(p.value), lower: finite(p.lower), upper: finite(p.upper), label: `${p.count}/${p.n}` };
    }),
  );
  const x = { field: 'metric', type: 'nominal', sort: metrics.map(([m]) => m), title: null, axis: { labelAngle: 0 } } as const;
  const color = {
    field: 'training',
    type: 'nominal',
    title: null,
    sort: [...TRAININGS],
    scale: { domain: [...TRAININGS], range: [PALETTE.st, PALETTE.at] },
  } as const;
  const xOffset = { field: 'training', type: 'nominal', sort: [...TRAININGS] } as const;
  return {
    id: 'robustness',
    title: 'Final test accuracies',
    caption:
      'Clean, feature-direction robust and PGD robust test accuracy at the end of training, with 95 % Wilson intervals. Robust accuracies count a sample only if the clean point is correct too.',
    spec: {
      $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
      title: { text: 'Clean vs robust test accuracy', subtitle: subtitle(manifest, run) },
      width: 330,
      height: 190,
      data: { values },
      encoding: { x, xOffset, color },
      layer: [
        {
          mark: { type: 'bar', cornerRadiusTopLeft: 2, cornerRadiusTopRight: 2 },
          encoding: { y: { field: 'value', type: 'quantitative', title: 'accuracy', scale: { domain: [0, 1] } } },
        },
        {
          mark: { type: 'rule', color: '#1f2933', strokeWidth: 1.2 },
          encoding: { y: { field: 'lower', type: 'quantitative' }, y2: { field: 'upper' }, color: { value: '#1f2933' } },
        },
        {
          mark: { type: 'tick', color: '#1f2933', thickness: 1.2, size: 8, orient: 'horizontal' },
          encoding: { y: { field: 'upper', type: 'quantitative' }, color: { value: '#1f2933' } },
        },
        {
          mark: { type: 'tick', color: '#1f2933', thickness: 1.2, size: 8, orient: 'horizontal' },
          encoding: { y: { field: 'lower', type: 'quantitative' }, color: { value: '#1f2933' } },
        },
      ],
      config: CONFIG,
    } as TopLevelSpec,
  };
}

/** (d) Where the PGD perturbation energy lies: span{v}, span{u}, rest; stacked, ST vs AT. */
export function energySpec(run: RunRecord, manifest: Manifest): PlotSpec {
  const components = ['span{v} (non-robust)', 'span{u} (robust)', 'rest'] as const;
  const values = TRAININGS.flatMap((training) => {
    const e = (training === 'ST' ? run.measurements.st : run.measurements.at).energy;
    return [e.v, e.u, e.rest].map((share, i) => ({ training, component: components[i]!, order: i, share: finite(share) }));
  });
  return {
    id: 'energy',
    title: 'PGD perturbation energy',
    caption:
      'Fractions of Σ‖δ_p‖² of the PGD perturbations in span{v}, span{u} and the rest; the paper predicts ST is attacked along non-robust directions.',
    spec: {
      $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
      title: { text: 'Where PGD puts its perturbation energy', subtitle: subtitle(manifest, run) },
      width: 330,
      height: 110,
      data: { values },
      mark: { type: 'bar', height: { band: 0.7 } },
      encoding: {
        y: { field: 'training', type: 'nominal', sort: [...TRAININGS], title: null },
        x: {
          field: 'share',
          type: 'quantitative',
          stack: 'zero',
          title: 'share of perturbation energy',
          scale: { domain: [0, 1] },
          axis: { format: '.0%' },
        },
        color: {
          field: 'component',
          type: 'nominal',
          title: null,
          sort: [...components],
          scale: { domain: [...components], range: [PALETTE.nonRobust, PALETTE.robust, PALETTE.rest] },
        },
        order: { field: 'order', type: 'quantitative' },
      },
      config: CONFIG,
    } as TopLevelSpec,
  };
}

/** The four plots of a run, in report order. */
export function runPlotSpecs(run: RunRecord, manifest: Manifest): PlotSpec[] {
  return [featureTraceSpec(run, manifest), accuracyTraceSpec(run, manifest), robustnessSpec(run, manifest), energySpec(run, manifest)];
}

/** Across seeds: final Λ and Γ of every run, ST vs AT, one tick per seed. */
export function seedSpreadSpec(rf: ResultFile): PlotSpec {
  const values = rf.runs.flatMap((run) =>
    TRAININGS.flatMap((training) => {
      const m = training === 'ST' ? run.measurements.st : run.measurements.at;
      return [
        { scenario: run.scenario, seed: run.seed, training, measure: 'Λ (robust)', value: finite(m.lambda) },
        { scenario: run.scenario, seed: run.seed, training, measure: 'Γ (non-robust)', value: finite(m.gamma) },
      ];
    }),
  );
  return {
    id: 'seeds',
    title: 'Final Λ and Γ across seeds',
    caption: 'One tick per run: the final Λ and Γ of ST and AT. The spread across seeds is what the aggregate bounds summarise.',
    spec: {
      $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
      title: { text: 'Final Λ and Γ across seeds', subtitle: `${rf.runs.length} runs · ${backendLabel(rf.manifest)}` },
      data: { values },
      facet: { column: { field: 'measure', type: 'nominal', sort: ['Λ (robust)', 'Γ (non-robust)'] } },
      spec: {
        width: 200,
        height: 170,
        mark: { type: 'tick', thickness: 2, size: 22, opacity: 0.75 },
        encoding: {
          x: { field: 'training', type: 'nominal', sort: [...TRAININGS], title: null, axis: { labelAngle: 0 } },
          y: { field: 'value', type: 'quantitative', title: 'final value' },
          color: { field: 'training', type: 'nominal', legend: null, scale: { domain: [...TRAININGS], range: [PALETTE.st, PALETTE.at] } },
        },
      },
      resolve: { scale: { y: 'independent' } },
      config: CONFIG,
    } as TopLevelSpec,
  };
}

/**
 * Gives every `id` in an SVG a prefix, with the references to it (`url(#…)`, `href="#…"`). Several
 * inline SVGs share one HTML document's id space, and vega numbers clip paths from 1 in each
 * render, so without this one plot would clip with another plot's rectangle.
 */
export function prefixSvgIds(svg: string, prefix: string): string {
  const ids = new Set([...svg.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]!));
  if (ids.size === 0) return svg;
  const escaped = [...ids].map((id) => id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|');
  return svg
    .replace(new RegExp(`(\\sid=")(${escaped})"`, 'g'), `$1${prefix}-$2"`)
    .replace(new RegExp(`url\\(#(${escaped})\\)`, 'g'), `url(#${prefix}-$1)`)
    .replace(new RegExp(`(href=")#(${escaped})"`, 'g'), `$1#${prefix}-$2"`);
}

/** Renders a vega-lite spec to an SVG string, headless. */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const view = new View(parse(compile(spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/**
 * Renders plot specs to SVG, one at a time (the machine's cores are shared), with element ids
 * prefixed by `idPrefix` and the plot id.
 */
export async function renderPlots(specs: readonly PlotSpec[], idPrefix: string): Promise<Plot[]> {
  const out: Plot[] = [];
  for (const p of specs) {
    const svg = prefixSvgIds(await renderSvg(p.spec), `${idPrefix}-${p.id}`);
    out.push({ id: `${idPrefix}-${p.id}`, title: p.title, caption: p.caption, svg });
  }
  return out;
}
