import * as z from 'zod/mini';
import { toSafeAsync, type SafeResult } from '../core/errors.js';
import { parseOptions } from '../core/options.js';
import { loadFromRawSources, LoadPopulationOptions, type LoadPopulationResult, type RawSources } from '../data/load-population.js';
import type { RawSource } from '../data/read-source.js';
import { csvFileSource } from './csv-file-source.js';
import { readTextBytes } from './read-text-bytes.js';
import { isParquetPath, readParquetSource } from './read-parquet-source.js';
import { isArrowPath, readArrowSource } from './read-arrow-source.js';

const FN = 'loadPopulationFromFiles';

/**
 * File paths for {@link loadPopulationFromFiles}: CSV (`.csv`, or gzipped `.csv.gz`), Parquet
 * (`.parquet`) or Arrow IPC (`.arrow`, `.arrows`, `.feather`), in any mix.
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
 * numbered from 1 as CSV data rows are; dates may be Parquet dates or text. `.arrow`,
 * `.arrows` and `.feather` are read as Arrow IPC (through arquero, as an arquero table is).
 * Each issue carries `file` (the path) as well as `source`. A file that cannot be read at all (missing, a
 * directory, no permission, binary, corrupt gzip; for Parquet, another codec or a nested
 * column) throws `file_unreadable` naming the file and the reason; malformed rows inside a
 * readable file are reported, never thrown.
 *
 * O(file size). A CSV file that is all ASCII (checked on its bytes, as most extracts are)
 * is scanned and its dates and coded cells read from the bytes rather than the decoded text,
 * with the same result; any other CSV file is decoded as `options.encoding` says (UTF-8 by
 * default: a row with bytes that are not valid UTF-8 is rejected as `invalid_encoding`,
 * never read with replacement characters; or `'latin1'`, `'windows-1252'`) and read as text.
 * A file larger than one JavaScript string (about 512 MiB) is decoded and scanned in parts,
 * with the same result as one string would give (docs/input-integrity.md states the rule);
 * the binary check reads the first 64 KiB before the rest, and a pipe or device is read up to
 * 4 GiB and refused beyond (`file_unreadable`, `details.reason: 'too_large'`).
 *
 * @param files - Paths: `patients` (required), `activity`, `conditions`, `medications`.
 * @param options - As for `loadPopulation`.
 * @returns A promise of `{ population, rejected, summary, warnings }`; `summary.columns`
 *   names the file of each header.
 * @throws RiskStratifyError `file_unreadable`, `invalid_options`, `missing_opt_out` (no
 *   opt-out column in the patients file and no `optOuts: 'removed-upstream'`).
 * @example
 * const { population, rejected } = await loadPopulationFromFiles(
 *   { patients: 'extract/patients.csv', activity: 'extract/activity.csv' }, { referenceDate: '2024-04-01' });
 * population.size; // => number of accepted patients
 */
export async function loadPopulationFromFiles(files: PopulationFiles, options?: LoadPopulationOptions): Promise<LoadPopulationResult> {
  const delimiter = typeof options?.delimiter === 'string' ? options.delimiter : ',';
  const encoding = parseOptions(FN, z.pick(LoadPopulationOptions, { encoding: true }), { encoding: options?.encoding }).encoding;
  const readCsv = async (path: string): Promise<RawSource> => csvFileSource(FN, path, await readTextBytes(FN, path), delimiter, encoding);
  const read = async (path: string | undefined): Promise<RawSource | undefined> =>
    path === undefined ? undefined
      : isParquetPath(path) ? readParquetSource(FN, path)
        : isArrowPath(path) ? readArrowSource(FN, path)
          : readCsv(path);
  // Read in parallel, but report a failure in a fixed order (patients first), not whichever
  // read happened to fail first.
  const settled = await Promise.allSettled([read(files.patients), read(files.activity), read(files.conditions), read(files.medications)]);
  for (const r of settled) if (r.status === 'rejected') throw r.reason;
  const [patients, activity, conditions, medications] = settled.map((r) => (r as PromiseFulfilledResult<RawSource | undefined>).value);
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
