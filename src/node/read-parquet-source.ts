import { arrayColumn } from '../data/column.js';
import { fileUnreadable, readFileBytes } from './read-file-bytes.js';
import type { RawSource } from '../data/read-source.js';

/** A file is read as Parquet when its name ends in `.parquet` (any case). */
export const isParquetPath = (path: string): boolean => /\.parquet$/i.test(path);

/**
 * Turns one Parquet value into what the loader accepts: 64-bit integers (`bigint`) become
 * numbers when exact, else their decimal text; text stored without a UTF-8 annotation
 * (bytes) is decoded as UTF-8; dates and timestamps stay `Date`s; null stays null.
 */
export function loaderValue(v: unknown, decoder: TextDecoder): unknown {
  if (typeof v === 'bigint') return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v.toString();
  if (v instanceof Uint8Array) return decoder.decode(v);
  return v;
}

/** What {@link readParquetColumns} needs of hyparquet's `parquetRead` options. */
type ParquetReadOptions = Parameters<typeof import('hyparquet').parquetRead>[0];

/**
 * Rows [start, end) of a Parquet file, column by column, as the loader takes them (see
 * {@link loaderValue}): one array per name, null where a column has no value. Shared by the
 * whole-file read and `readPopulationChunks` (a row group at a time).
 */
export async function readParquetColumns(file: ParquetReadOptions['file'], metadata: NonNullable<ParquetReadOptions['metadata']>, names: readonly string[], start: number, end: number): Promise<Map<string, unknown[]>> {
  const { parquetRead } = await import('hyparquet');
  const decoder = new TextDecoder('utf-8');
  const columns = new Map(names.map((n) => [n, new Array<unknown>(end - start).fill(null)]));
  await parquetRead({
    file, metadata, rowStart: start, rowEnd: end,
    onChunk: ({ columnName, columnData, rowStart, rowEnd }) => {
      const out = columns.get(columnName);
      if (out === undefined) return;
      for (let r = Math.max(rowStart, start), to = Math.min(rowEnd, end); r < to; r++) out[r - start] = loaderValue(columnData[r - rowStart], decoder);
    },
  });
  return columns;
}

/**
 * Reads a Parquet file into the loader's columns (Node only). Flat columns of any physical
 * type; Snappy-compressed or uncompressed (the defaults of Spark, DuckDB, pandas/pyarrow and
 * Polars). Rows are numbered from 1 in file order, as CSV data rows are.
 *
 * @param fn - The public function reading it (for errors).
 * @param path - The file path.
 * @returns The source as columns, with `file` set.
 * @throws RiskStratifyError `file_unreadable` naming the file and the reason: missing, not
 *   Parquet, a codec other than Snappy, a nested (list or struct) column.
 */
export async function readParquetSource(fn: string, path: string): Promise<RawSource> {
  const unreadable = (why: string, reason: string): never => fileUnreadable(fn, path, why, reason);
  const bytes = await readFileBytes(fn, path);
  const magic = (at: number): boolean => bytes.length >= 8 && bytes.toString('latin1', at, at + 4) === 'PAR1';
  if (!magic(0) || !magic(bytes.length - 4)) return unreadable('not a Parquet file (no PAR1 marker at its start and end)', 'not_parquet');
  const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  const { parquetMetadata, parquetSchema } = await import('hyparquet');
  let rows: number;
  let names: string[];
  let columns: Map<string, unknown[]>;
  try {
    const metadata = parquetMetadata(file);
    rows = Number(metadata.num_rows);
    const tree = parquetSchema(metadata);
    const nested = tree.children.find((c) => c.children.length > 0);
    if (nested !== undefined) return unreadable(`column ${nested.element.name} is nested (a list or struct); the loader reads flat columns`, 'nested_column');
    names = tree.children.map((c) => c.element.name);
    columns = await readParquetColumns(file, metadata, names, 0, rows);
  } catch (e) {
    if ((e as { fn?: unknown }).fn === fn) throw e;
    return unreadable(`not readable as Parquet (${(e as Error).message})`, 'corrupt_parquet');
  }
  return { rows, columnNames: names, column: (name) => arrayColumn(columns.get(name) ?? []), issues: [], file: path };
}
