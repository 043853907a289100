/**
 * Loading an extract.
 *
 * Start with {@link loadPopulation}: `loadPopulation` (records, CSV text, Parquet bytes or arquero tables; from files:
 * `loadPopulationFromFiles` in `risk-stratify/node`). It validates every row, applies opt-outs
 * and returns a `Population` with a `LoadSummary` of what was kept and refused.
 * The Synthea adapter (`fromSyntheaTables`, `fromSynthea`) is in `risk-stratify/node`.
 *
 * @module data
 */
export { parseCsv } from './parse-csv.js';
export type { CsvTable, CsvIssue, ParseCsvOptions } from './parse-csv.js';
export { loadPopulation, safeLoadPopulation, LoadPopulationOptions } from './load-population.js';
export type { PopulationSources, SourceSummary, LoadSummary, LoadPopulationResult, UnknownConditionCodes, WindowSummary } from './load-population.js';
export type { ColumnUse, ColumnRule } from './resolve-columns.js';
export { KNOWN_CONDITION_CLUSTERS, isKnownConditionCluster } from './known-condition-clusters.js';
export type { SourceInput, ArqueroTableLike } from './read-source.js';
