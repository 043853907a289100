// Public entry of the data stage: named exports only.
export { parseCsv } from './parse-csv.js';
export type { CsvTable, CsvIssue, ParseCsvOptions } from './parse-csv.js';
export { loadPopulation, safeLoadPopulation, LoadPopulationOptions } from './load-population.js';
export type { PopulationSources, SourceSummary, LoadSummary, LoadPopulationResult } from './load-population.js';
export type { SourceInput, ArqueroTableLike } from './read-source.js';
