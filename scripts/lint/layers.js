// The pipeline's layer order, bottom to top (README "Layout"). A module under src/<folder>/ may
// import from its own folder and from folders of a lower rank, never from a higher one, so the
// stack reads bottom-up and has no cycles across layers. A folder missing from this table is an
// error: place a new folder deliberately.
import path from 'node:path';

/** Rank of each top-level folder of src/ (lower = further down the stack). */
export const LAYERS = Object.freeze({
  random: 0,
  stats: 0,
  io: 0,
  util: 0,
  backend: 0,
  regime: 1,
  data: 2,
  model: 3,
  attack: 4,
  measure: 5,
  train: 6,
  experiment: 7,
  judge: 8,
  claims: 8,
  result: 9,
  pipeline: 10,
  parallel: 10,
  report: 11,
  export: 12,
  search: 12,
  conformance: 12,
  calibration: 12,
  sweep: 12,
  cli: 13,
});

const SRC = `${path.sep}src${path.sep}`;

/** The top-level folder of src/ a file lives in ('' for src/index.ts), or null outside src/. */
function layerOf(file) {
  const at = file.lastIndexOf(SRC);
  if (at < 0) return null;
  const rest = file.slice(at + SRC.length).split(path.sep);
  return rest.length === 1 ? '' : rest[0];
}

/** @type {import('eslint').Rule.RuleModule} */
export const layerRule = {
  meta: {
    type: 'problem',
    docs: { description: 'imports point only down the pipeline layer order' },
    schema: [],
    messages: {
      upward:
        'src/{{from}} (layer {{fromRank}}) imports src/{{to}} (layer {{toRank}}): imports must point down the stack. Fix: move the shared piece down to src/{{from}} or below, or pass it in as a parameter.',
      unknown: 'src/{{folder}}/ has no place in the layer order. Fix: add it to LAYERS in scripts/lint/layers.js.',
    },
  },
  create(context) {
    const file = context.filename;
    const from = layerOf(file);
    if (from === null || from === '') return {}; // the public entry (src/index.ts) may import anything
    const fromRank = LAYERS[from];
    const check = (node, source) => {
      if (typeof source !== 'string' || !source.startsWith('.')) return;
      const target = layerOf(path.resolve(path.dirname(file), source));
      if (target === null || target === '' || target === from) return;
      const toRank = LAYERS[target];
      if (toRank === undefined) {
        context.report({ node, messageId: 'unknown', data: { folder: target } });
      } else if (toRank > fromRank) {
        context.report({ node, messageId: 'upward', data: { from, fromRank, to: target, toRank } });
      }
    };
    return {
      Program(node) {
        if (fromRank === undefined) context.report({ node, messageId: 'unknown', data: { folder: from } });
      },
      ImportDeclaration: (node) => check(node, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node, node.source.value),
      ExportAllDeclaration: (node) => check(node, node.source.value),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node, node.source.value),
    };
  },
};
