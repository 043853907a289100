import { toSafeAsync, type SafeResult } from '../core/errors.js';
import { loadFromRawSources, type LoadPopulationOptions, type LoadPopulationResult, type RawSources } from '../data/load-population.js';
import { csvSource } from '../data/read-source.js';
import { readTextFile } from './read-text-file.js';
import { isParquetPath, readParquetSource } from './read-parquet-source.js';

const FN = 'loadPopulationFromFiles';

/**
 * File paths for {@link loadPopulationFromFiles}: CSV (`.csv`, or gzipped `.csv.gz`) or Parquet
 * (`.parquet`), in any mix.
 */
export interface PopulationFiles {
  patients: string;
  activity?: string;
  conditions?: string;
  medications?: string;
}

/**
 * Node only (`risk-stratify/node`): reads CSV files and loads them exactly as
 * `loadPopulation` loads CSV text, with the same options and result. A path ending in
 * `.parquet` is read as Parquet (flat columns, Snappy or uncompressed, as Spark, DuckDB,
 * pandas and Polars write by default): the same fields by the same names and aliases, rows
 * numbered from 1 as CSV data rows are; dates may be Parquet dates or text. Each issue carries
 * `file` (the path) as well as `source`. A file that cannot be read at all (missing, a
 * directory, no permission, binary, corrupt gzip; for Parquet, another codec or a nested
 * column) throws `file_unreadable` naming the file and the reason; malformed rows inside a
 * readable file are reported, never thrown.
 *
 * @param files - Paths: `patients` (required), `activity`, `conditions`, `medications`.
 * @param options - As for `loadPopulation`.
 * @returns A promise of `{ population, rejected, summary }`.
 * @throws RiskStratifyError `file_unreadable`, `invalid_options`.
 * @example
 * const { population, rejected } = await loadPopulationFromFiles(
 *   { patients: 'extract/patients.csv', activity: 'extract/activity.csv' }, { referenceDate: '2024-04-01' });
 * population.size; // => number of accepted patients
 */
export async function loadPopulationFromFiles(files: PopulationFiles, options?: LoadPopulationOptions): Promise<LoadPopulationResult> {
  const delimiter = typeof options?.delimiter === 'string' ? options.delimiter : ',';
  const read = async (path: string | undefined) =>
    path === undefined ? undefined : isParquetPath(path) ? readParquetSource(FN, path) : csvSource(await readTextFile(FN, path), delimiter, path);
  // Read in parallel, but report a failure in a fixed order (patients first), not whichever
  // read happened to fail first.
  const settled = await Promise.allSettled([read(files.patients), read(files.activity), read(files.conditions), read(files.medications)]);
  for (const r of settled) if (r.status === 'rejected') throw r.reason;
  const [patients, activity, conditions, medications] = settled.map((r) => (r as PromiseFulfilledResult<Awaited<ReturnType<typeof read>>>).value);
  const raw: RawSources = { patients: patients!, activity, conditions, medications };
  return loadFromRawSources(FN, raw, options);
}

/**
 * {@link loadPopulationFromFiles} returning a result instead of rejecting.
 *
 * @param files - As for {@link loadPopulationFromFiles}.
 * @param options - As for `loadPopulation`.
 * @returns `{ ok: true, value }` or `{ ok: false, error }`.
 * @example
 * (await safeLoadPopulationFromFiles({ patients: 'missing.csv' })).ok; // => false
 */
export function safeLoadPopulationFromFiles(files: PopulationFiles, options?: LoadPopulationOptions): Promise<SafeResult<LoadPopulationResult>> {
  return toSafeAsync(() => loadPopulationFromFiles(files, options));
}
