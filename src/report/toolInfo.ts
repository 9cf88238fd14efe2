/** Moved to src/result/toolInfo.ts; this re-export serves the imports not yet updated. */
export { toolInfo, type ToolInfo } from '../result/toolInfo.js';
