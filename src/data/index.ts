// Public entry of the data stage: named exports only.
export { parseCsv } from './parse-csv.js';
export type { CsvTable, CsvIssue, ParseCsvOptions } from './parse-csv.js';
export { loadPopulation, safeLoadPopulation, LoadPopulationOptions } from './load-population.js';
export type { PopulationSources, SourceSummary, LoadSummary, LoadPopulationResult, UnknownConditionCodes, WindowSummary } from './load-population.js';
export type { ColumnUse, ColumnRule } from './resolve-columns.js';
export { KNOWN_CONDITION_CLUSTERS, isKnownConditionCluster } from './known-condition-clusters.js';
export type { SourceInput, ArqueroTableLike } from './read-source.js';
export { fromSyntheaTables, SyntheaOptions } from './from-synthea-tables.js';
export type { SyntheaTables, SyntheaResult } from './from-synthea-tables.js';
export { SYNTHEA_LTC_MAP } from './synthea-ltc-map.js';
export { SYNTHEA_ICD10_MAP } from './synthea-icd10-map.js';
