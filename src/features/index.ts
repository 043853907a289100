// Public entry of the features stage: named exports only.
export { toFeatureMatrix } from './to-feature-matrix.js';
export type { ToFeatureMatrixOptions } from './to-feature-matrix.js';
