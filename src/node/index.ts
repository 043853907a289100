// Node-only part (file paths, streams, worker threads). Never imported by the core.
export { loadPopulationFromFiles, safeLoadPopulationFromFiles } from './load-population-from-files.js';
export type { PopulationFiles } from './load-population-from-files.js';
export { fromSynthea } from './from-synthea.js';
export { readTextFile } from './read-text-file.js';
export { fitRiskModelParallel } from './fit-risk-model-parallel.js';
export type { FitRiskModelParallelOptions } from './fit-risk-model-parallel.js';
