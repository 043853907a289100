/**
 * risk-stratify/node.
 *
 * Start with {@link loadPopulationFromFiles}: `loadPopulationFromFiles({ patients: 'patients.csv', ... })`. The parts that need
 * Node: file paths, streams (`streamCohort`, `readPopulationChunks`) and worker threads
 * (`fitRiskModelParallel`, `createScoringPool`); and the Synthea adapter (`fromSynthea` for an
 * export's folder, `fromSyntheaTables` for its tables already read).
 *
 * @module node
 */
export { loadPopulationFromFiles, safeLoadPopulationFromFiles } from './load-population-from-files.js';
export type { PopulationFiles } from './load-population-from-files.js';
export { fromSynthea } from './from-synthea.js';
// The Synthea adapter: a US synthetic-record format, for trying the library on data it did not
// make; kept out of the browser core (it is 8 KB of it).
export { fromSyntheaTables, SyntheaOptions } from '../data/from-synthea-tables.js';
export type { SyntheaTables, SyntheaResult } from '../data/from-synthea-tables.js';
export { SYNTHEA_LTC_MAP } from '../data/synthea-ltc-map.js';
export { SYNTHEA_ICD10_MAP } from '../data/synthea-icd10-map.js';
export { readTextFile } from './read-text-file.js';
export { readCodeLists } from './read-code-lists.js';
export { fitRiskModelParallel } from './fit-risk-model-parallel.js';
export type { FitRiskModelParallelOptions } from './fit-risk-model-parallel.js';
export { createStreamingTopK } from './streaming-top-k.js';
export type { StreamingTopK, StreamingTopKGroup } from './streaming-top-k.js';
export { streamCohort, StreamCohortOptions } from './stream-cohort.js';
export type { StreamedCohort, StreamedPractice, PopulationChunks } from './stream-cohort.js';
export { createScoringPool } from './scoring-pool.js';
export type { ScoringPool, ScoringPoolOptions } from './scoring-pool.js';
export { readPopulationChunks } from './read-population-chunks.js';
export type { PopulationChunkFiles, ReadPopulationChunksOptions } from './read-population-chunks.js';
export { readPreviousRefresh, REFRESH_STATE_FILE } from './read-previous-refresh.js';
