/** Moved to src/result/resultFile.ts; this re-export serves the imports not yet updated. */
export * from '../result/resultFile.js';
