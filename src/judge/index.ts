/** Judging a run: assumptions, preconditions, I1 and gated verdicts in one function. */
export { judgeRun, type Judgement, type JudgeOptions } from './judgeRun.js';
