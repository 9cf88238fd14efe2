/**
 * The margin trajectory of a search as a vega-lite plot: every experiment's margin by run, coloured
 * by phase, with the lowest margin so far as a step line and the claim's threshold (margin 0) as a
 * rule. Rendered to inline SVG by the report's own renderer (no network, no canvas).
 */
import type { TopLevelSpec } from 'vega-lite';
import { prefixSvgIds, renderSvg } from '../../report/plots.js';
import type { TrajectoryPoint } from './summary.js';

/** Margins are drawn clipped to this range: they span from −1 to thousands, the interest is near 0. */
export const MARGIN_DISPLAY_RANGE: readonly [number, number] = [-1.5, 3];

const PHASE_COLORS = { random: '#7a8793', climb: '#d95f02', shrink: '#1b9e77', confirm: '#4c6a9a' } as const;

const clip = (m: number) => Math.min(MARGIN_DISPLAY_RANGE[1], Math.max(MARGIN_DISPLAY_RANGE[0], m));

/** The vega-lite spec of a trajectory (pure data; rendered by {@link renderTrajectorySvg}). */
export function trajectorySpec(points: readonly TrajectoryPoint[], title: string): TopLevelSpec {
  const values = points
    .filter((p) => !Number.isNaN(p.margin))
    .map((p) => ({
      run: p.run + 1,
      phase: p.phase,
      status: p.status,
      margin: clip(p.margin),
      conclusive: p.status === 'holds' || p.status === 'fails' ? 'conclusive' : 'gated (R1/R2)',
    }));
  const best = points.filter((p) => !Number.isNaN(p.best)).map((p) => ({ run: p.run + 1, best: clip(p.best) }));
  const x = {
    field: 'run',
    type: 'quantitative',
    title: 'experiment',
    scale: { domain: [0, Math.max(1, points.length) + 1], nice: false },
  };
  return {
    title: {
      text: title,
      subtitle: `margins clipped to [${MARGIN_DISPLAY_RANGE[0]}, ${MARGIN_DISPLAY_RANGE[1]}]; below 0 the claim fails`,
    },
    width: 560,
    height: 220,
    layer: [
      {
        data: { values: [{ y: 0 }] },
        mark: { type: 'rule', color: '#c0392b', strokeDash: [4, 3] },
        encoding: { y: { field: 'y', type: 'quantitative' } },
      },
      {
        data: { values },
        mark: { type: 'point', filled: true, size: 42, clip: true },
        encoding: {
          x,
          y: { field: 'margin', type: 'quantitative', title: 'margin', scale: { domain: [...MARGIN_DISPLAY_RANGE] } },
          color: {
            field: 'phase',
            type: 'nominal',
            title: 'phase',
            scale: { domain: Object.keys(PHASE_COLORS), range: Object.values(PHASE_COLORS) },
          },
          opacity: { condition: { test: "datum.conclusive === 'conclusive'", value: 0.95 }, value: 0.3 },
          shape: { field: 'status', type: 'nominal', title: 'verdict' },
        },
      },
      {
        data: { values: best },
        mark: { type: 'line', interpolate: 'step-after', color: '#1f2933', strokeWidth: 1.5, clip: true },
        encoding: { x, y: { field: 'best', type: 'quantitative' } },
      },
    ],
    config: {
      font: 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
      background: 'white',
      padding: 8,
      view: { stroke: '#d8dde3' },
      axis: { labelColor: '#444', titleColor: '#333', gridColor: '#eceff3', labelFontSize: 11, titleFontSize: 11 },
      legend: { labelFontSize: 11, titleFontSize: 11, orient: 'bottom', direction: 'horizontal' },
      title: { fontSize: 13, fontWeight: 600, anchor: 'start', color: '#1f2933', subtitleColor: '#66707a', subtitleFontSize: 11 },
    },
  } as TopLevelSpec;
}

/** The trajectory as standalone SVG, its element ids prefixed so they cannot clash in one page. */
export async function renderTrajectorySvg(points: readonly TrajectoryPoint[], title: string): Promise<string> {
  return prefixSvgIds(await renderSvg(trajectorySpec(points, title)), 'search-trajectory');
}
