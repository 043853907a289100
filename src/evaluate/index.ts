// Public entry of the evaluate stage: named exports only.
export { auroc } from './auroc.js';
export type { AurocResult } from './auroc.js';
export { compareScores } from './compare-scores.js';
export type { ScoreComparison } from './compare-scores.js';
