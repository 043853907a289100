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
  const { parquetMetadata, parquetSchema, parquetRead } = await import('hyparquet');
  let rows: number;
  let names: string[];
  const columns = new Map<string, unknown[]>();
  try {
    const metadata = parquetMetadata(file);
    rows = Number(metadata.num_rows);
    const tree = parquetSchema(metadata);
    const nested = tree.children.find((c) => c.children.length > 0);
    if (nested !== undefined) return unreadable(`column ${nested.element.name} is nested (a list or struct); the loader reads flat columns`, 'nested_column');
    names = tree.children.map((c) => c.element.name);
    for (const name of names) columns.set(name, new Array<unknown>(rows).fill(null));
    const decoder = new TextDecoder('utf-8');
    await parquetRead({
      file,
      onChunk: ({ columnName, columnData, rowStart, rowEnd }) => {
        const out = columns.get(columnName)!;
        for (let r = rowStart; r < rowEnd; r++) out[r] = loaderValue(columnData[r - rowStart], decoder);
      },
    });
  } catch (e) {
    if ((e as { fn?: unknown }).fn === fn) throw e;
    return unreadable(`not readable as Parquet (${(e as Error).message})`, 'corrupt_parquet');
  }
  return { rows, columnNames: names, column: (name) => arrayColumn(columns.get(name) ?? []), issues: [], file: path };
}
