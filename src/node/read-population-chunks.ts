import * as z from 'zod/mini';
import { createReadStream } from 'node:fs';
import { fail } from '../core/errors.js';
import { parseOptions } from '../core/options.js';
import { loadFromRawSources, LoadPopulationOptions, type LoadPopulationResult, type RawSources } from '../data/load-population.js';
import type { RawSource } from '../data/read-source.js';
import { arrayColumn } from '../data/column.js';
import { csvFileSource, type CsvEncoding } from './csv-file-source.js';
import { resolveColumns, type SourceMapping } from '../data/resolve-columns.js';
import type { SourceName } from '../schema/validation-issue.js';
import { isParquetPath, readParquetColumns } from './read-parquet-source.js';

const FN = 'readPopulationChunks';

/**
 * The files of {@link readPopulationChunks}: patients, and event files sorted the same way.
 * Each is CSV, or Parquet when its name ends in `.parquet` (read a row group at a time).
 */
export interface PopulationChunkFiles {
  /** Patients file, one row per person, sorted by id ascending (JS string order). */
  patients: string;
  /** Activity file sorted by patient id ascending (the same order as the patients). */
  activity?: string;
  /** Conditions file sorted by patient id ascending. */
  conditions?: string;
}

/** Options of {@link readPopulationChunks}: `chunkSize` (people per chunk, default 100,000) plus `loadPopulation`'s. */
export type ReadPopulationChunksOptions = LoadPopulationOptions & { chunkSize?: number };

/** The field at `index` of a CSV line (double quotes and "" escapes honoured). */
function field(line: string, index: number, delimiter: string): string {
  let k = 0;
  let i = 0;
  while (i <= line.length) {
    let value = '';
    if (line[i] === '"') {
      i++;
      for (;;) {
        const q = line.indexOf('"', i);
        if (q < 0) { value += line.slice(i); i = line.length; break; }
        value += line.slice(i, q);
        if (line[q + 1] === '"') { value += '"'; i = q + 2; } else { i = q + 1; break; }
      }
      const d = line.indexOf(delimiter, i);
      i = d < 0 ? line.length + 1 : d + 1;
    } else {
      const d = line.indexOf(delimiter, i);
      value = d < 0 ? line.slice(i) : line.slice(i, d);
      i = d < 0 ? line.length + 1 : d + 1;
    }
    if (k === index) return value.trim();
    k++;
  }
  return '';
}

/**
 * Index of the id column among a file's column names, found exactly as `loadPopulation` finds
 * it (the mapping, the exact name, a loose name, the alias table; ignored columns never).
 */
function idColumn(source: SourceName, names: readonly string[], mapping: SourceMapping | undefined, ignore: readonly string[] | undefined): number {
  const field = source === 'patients' ? 'id' : 'patientId';
  const found = resolveColumns(source, names, mapping, ignore).fieldColumns[field]?.[0];
  const at = found === undefined ? -1 : names.indexOf(found);
  if (at < 0) fail({ fn: FN, code: 'missing_column', path: [source], value: names.join(','), message: `no patient id column in the header of ${source}` });
  return at;
}

/** The column names of a CSV header line. */
function headerNames(header: string, delimiter: string): string[] {
  const names: string[] = [];
  for (let k = 0, n = header.split(delimiter).length; k < n; k++) names.push(field(header, k, delimiter));
  return names;
}

/** Rows of one file, one at a time with a one-row look-ahead: CSV lines or Parquet records. */
interface RowSource {
  /** Column names (CSV: from the header line). */
  readonly names: readonly string[];
  peek(): Promise<unknown>;
  next(): Promise<unknown>;
  /** Uses column `k` of `names` as the patient id. */
  useIdColumn(k: number): void;
  /** The patient id of a row, as text. */
  id(row: unknown): string;
  /** A chunk's rows as the loader's raw source: CSV bytes (with the header) decoded as the loader decodes a file, or records. */
  chunk(rows: unknown[]): RawSource;
}

/**
 * A line's text for finding its id and the header's names only: the rows themselves are
 * loaded from their bytes (so invalid UTF-8 is an `invalid_encoding` row, never replaced).
 */
function lineText(line: Buffer, encoding: CsvEncoding): string {
  return line.toString(encoding === 'utf-8' ? 'utf8' : 'latin1');
}

const NEWLINE = Buffer.from('\n');

/**
 * The pieces of a line that spans reads, copied into a buffer of its own (never one of Node's
 * shared pool slabs, where another buffer could lie right after it and look like the next line).
 */
function ownCopy(pieces: readonly Buffer[]): Buffer {
  let n = 0;
  for (const p of pieces) n += p.length;
  const out = Buffer.allocUnsafeSlow(n);
  let at = 0;
  for (const p of pieces) at += p.copy(out, at);
  return out;
}

/**
 * The header and the lines, each after a line end, as one buffer. Lines that lie one after
 * another in the same read buffer (with the LF between them) are copied as one piece: a few
 * pieces per 64 KiB read rather than two per line. O(bytes).
 */
function joinLines(header: Buffer, lines: readonly Buffer[]): Buffer {
  const parts: Buffer[] = [header];
  let i = 0;
  while (i < lines.length) {
    const first = lines[i]!;
    let end = first.byteOffset + first.length;
    let j = i + 1;
    for (; j < lines.length; j++) {
      const l = lines[j]!;
      if (l.buffer !== first.buffer || l.byteOffset !== end + 1 || new Uint8Array(l.buffer, end, 1)[0] !== 10) break;
      end = l.byteOffset + l.length;
    }
    parts.push(NEWLINE, j === i + 1 ? first : Buffer.from(first.buffer, first.byteOffset, end - first.byteOffset));
    i = j;
  }
  return Buffer.concat(parts);
}

async function csvRows(path: string, delimiter: string, encoding: CsvEncoding): Promise<RowSource | undefined> {
  const src = new LineSource(path);
  const header = await src.next();
  if (header === undefined) return undefined;
  let col = 0;
  return {
    names: headerNames(lineText(header, encoding), delimiter),
    peek: () => src.peek(),
    next: () => src.next(),
    id: (row) => field(lineText(row as Buffer, encoding), col, delimiter),
    chunk: (rows) => csvFileSource('loadPopulation', path, joinLines(header, rows as Buffer[]), delimiter, encoding),
    useIdColumn: (k) => { col = k; },
  };
}

/**
 * A Parquet file read a row group at a time, column by column (memory: the row groups the
 * current chunk spans). A row is its number in the file; a chunk is the columns' values over
 * its rows, read as `loadPopulation` reads columns. Columnar, not records: an object per row
 * (and a second one for the values the loader takes) made most of the time garbage
 * collection.
 */
async function parquetRows(path: string): Promise<RowSource> {
  const { asyncBufferFromFile, parquetMetadataAsync, parquetSchema } = await import('hyparquet');
  let file: Awaited<ReturnType<typeof asyncBufferFromFile>>;
  let metadata: Awaited<ReturnType<typeof parquetMetadataAsync>>;
  try {
    file = await asyncBufferFromFile(path);
    metadata = await parquetMetadataAsync(file);
  } catch (e) {
    return fail({ fn: FN, code: 'file_unreadable', path: [path], value: path, message: `cannot read file ${path}: ${(e as Error).message}` });
  }
  const names = parquetSchema(metadata).children.map((c) => c.element.name);
  const sizes = metadata.row_groups.map((g) => Number(g.num_rows));
  const total = sizes.reduce((x, y) => x + y, 0);
  // the row groups read and still needed: rows [start, start + length) of the file, by column
  const groups: { start: number; length: number; columns: Map<string, unknown[]> }[] = [];
  let nextGroup = 0;
  let nextStart = 0;
  let at = 0; // the next row
  let col = names[0] ?? '';
  const read = async (): Promise<void> => {
    const start = nextStart;
    const length = sizes[nextGroup]!;
    groups.push({ start, length, columns: await readParquetColumns(file, metadata, names, start, start + length) });
    nextGroup++;
    nextStart += length;
  };
  const groupOf = (row: number) => {
    for (const g of groups) if (row >= g.start && row < g.start + g.length) return g;
    return undefined;
  };
  const fill = async (): Promise<boolean> => {
    while (at >= nextStart && nextGroup < sizes.length) await read();
    return at < total;
  };
  const value = (name: string, row: number): unknown => {
    const g = groupOf(row);
    return g === undefined ? null : g.columns.get(name)![row - g.start];
  };
  return {
    names,
    peek: async () => ((await fill()) ? at : undefined),
    next: async () => ((await fill()) ? at++ : undefined),
    id: (row) => { const v = value(col, row as number); return v === null || v === undefined ? '' : String(v).trim(); },
    chunk: (rows) => {
      // the rows of a chunk are consecutive: from the first to the last, as they were read
      const n = rows.length;
      const first = n === 0 ? at : (rows[0] as number);
      const columns = new Map<string, unknown[]>();
      for (const name of names) {
        const out = new Array<unknown>(n);
        for (let k = 0; k < n;) {
          const g = groupOf(first + k)!;
          const values = g.columns.get(name)!;
          const from = first + k - g.start;
          const m = Math.min(n - k, g.length - from);
          for (let j = 0; j < m; j++) out[k + j] = values[from + j];
          k += m;
        }
        columns.set(name, out);
      }
      // drop the row groups wholly before the next row
      while (groups.length > 0 && groups[0]!.start + groups[0]!.length <= at) groups.shift();
      return { rows: n, columnNames: names, column: (name: string) => arrayColumn(columns.get(name) ?? []), issues: [] };
    },
    useIdColumn: (k) => { col = names[k] ?? ''; },
  };
}

const openRows = (path: string, delimiter: string, encoding: CsvEncoding): Promise<RowSource | undefined> =>
  (isParquetPath(path) ? parquetRows(path) : csvRows(path, delimiter, encoding));

/** True when a line holds only spaces, tabs and carriage returns. */
function isBlankLine(line: Buffer): boolean {
  for (let i = 0; i < line.length; i++) {
    const b = line[i]!;
    if (b !== 32 && b !== 9 && b !== 13) return false;
  }
  return true;
}

/**
 * Reads the lines of a file as bytes, one at a time with a one-line look-ahead (blank lines
 * skipped). Bytes, not text: a line is decoded by the loader as the `encoding` option says.
 */
class LineSource {
  private readonly it: AsyncIterator<Buffer>;
  private pending: Buffer[] = [];
  private lines: Buffer[] = [];
  private at = 0;
  private peeked: Buffer | undefined;
  private done = false;
  constructor(path: string) {
    this.it = createReadStream(path)[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  }
  /** The next line of the file (without its line end), or undefined at its end. */
  private async line(): Promise<Buffer | undefined> {
    while (this.at >= this.lines.length) {
      if (this.done) return undefined;
      const r = await this.it.next();
      this.lines = [];
      this.at = 0;
      if (r.done) {
        this.done = true;
        if (this.pending.length) this.lines.push(ownCopy(this.pending));
        this.pending = [];
        continue;
      }
      const buf = r.value;
      let start = 0;
      for (let lf = buf.indexOf(10); lf >= 0; lf = buf.indexOf(10, start)) {
        const piece = buf.subarray(start, lf);
        this.lines.push(this.pending.length ? ownCopy([...this.pending, piece]) : piece);
        this.pending = [];
        start = lf + 1;
      }
      if (start < buf.length) this.pending.push(buf.subarray(start));
    }
    return this.lines[this.at++];
  }
  async peek(): Promise<Buffer | undefined> {
    while (this.peeked === undefined) {
      const l = await this.line();
      if (l === undefined) return undefined;
      if (!isBlankLine(l)) this.peeked = l;
    }
    return this.peeked;
  }
  async next(): Promise<Buffer | undefined> {
    const v = await this.peek();
    this.peeked = undefined;
    return v;
  }
}

/**
 * Reads a population from CSV or Parquet files (any mix; `.parquet` by name) in chunks of
 * `chunkSize` people, so a population larger than memory can be scored as a stream (see
 * `streamCohort`). The patients file and each
 * event file must be sorted by patient id ascending (JS string order, e.g. `sort` with
 * `LC_ALL=C`); each chunk takes the next `chunkSize` patients and every event row whose id
 * is at most the chunk's last id, and is loaded with `loadPopulation` (same validation,
 * same `rejected` issues; event rows of unknown patients are rejected there). Every chunk has
 * the same window (`population.window`): the `extractDate` / `activityFrom` given, and what is
 * not given derived from the first chunk (its latest date; its activity by the loader's rule).
 *
 * Memory: one chunk of text (or columns) and its `Population`, plus for Parquet the row groups
 * the chunk spans, whatever the file sizes. Time: O(bytes).
 *
 * @param files - {@link PopulationChunkFiles}.
 * @param options - `chunkSize` (default 100,000) and `loadPopulation`'s options.
 * @returns An async iterable of `loadPopulation` results, one per chunk.
 * @throws RiskStratifyError `invalid_options` for a bad `chunkSize`; `missing_column` when a
 *   header has no id column; `invalid_input` when a file is not sorted by id (naming the
 *   file, the line and the id); what `loadPopulation` throws.
 * @example
 * for await (const { population, rejected } of readPopulationChunks({ patients: 'p.csv', activity: 'a.csv' }, { chunkSize: 250_000 })) {
 *   population.size; // => 250000 (the last chunk may be smaller)
 * }
 */
export async function* readPopulationChunks(files: PopulationChunkFiles, options: ReadPopulationChunksOptions = {}): AsyncGenerator<LoadPopulationResult> {
  const { chunkSize = 100_000, ...load } = options;
  if (!Number.isInteger(chunkSize) || chunkSize < 1) fail({ fn: FN, code: 'invalid_options', path: ['options', 'chunkSize'], value: chunkSize, message: 'must be a whole number >= 1' });
  if (files === null || typeof files !== 'object' || typeof files.patients !== 'string') fail({ fn: FN, code: 'invalid_argument', path: ['files', 'patients'], value: files?.patients, message: 'must be a file path' });
  const delimiter = load.delimiter ?? ',';
  // The id columns, from `columns` and `ignore` in either of loadPopulation's forms (per source or flat).
  const { columns, ignore } = parseOptions(FN, z.pick(LoadPopulationOptions, { columns: true, ignore: true }), { columns: load.columns, ignore: load.ignore });
  const encoding: CsvEncoding = load.encoding ?? 'utf-8';
  const patients = await openRows(files.patients, delimiter, encoding);
  if (patients === undefined) return;
  patients.useIdColumn(idColumn('patients', patients.names, columns.patients, ignore.patients));
  const events: { name: 'activity' | 'conditions'; src: RowSource; last: string; line: number }[] = [];
  for (const name of ['activity', 'conditions'] as const) {
    if (files[name] === undefined) continue;
    const src = await openRows(files[name]!, delimiter, encoding);
    if (src === undefined) fail({ fn: FN, code: 'missing_column', path: [name], value: '', message: `no patient id column in the header of ${name}` });
    src.useIdColumn(idColumn(name, src.names, columns[name], ignore[name]));
    events.push({ name, src, last: '', line: 1 });
  }
  let lastId = '';
  let line = 1;
  let window: { extractDate: number; activityFrom: number } | undefined;
  for (;;) {
    const rows: unknown[] = [];
    let chunkLast = '';
    while (rows.length < chunkSize) {
      const l = await patients.next();
      if (l === undefined) break;
      line++;
      const id = patients.id(l);
      if (id < lastId) fail({ fn: FN, code: 'invalid_input', path: ['patients', line], value: id, message: `patients are not sorted by id: '${id}' after '${lastId}'` });
      lastId = id;
      chunkLast = id;
      rows.push(l);
    }
    if (rows.length === 0) return;
    const more = (await patients.peek()) !== undefined;
    const sources: RawSources = { patients: patients.chunk(rows) };
    for (const e of events) {
      const ev: unknown[] = [];
      for (;;) {
        const l = await e.src.peek();
        if (l === undefined) break;
        const id = e.src.id(l);
        if (more && id > chunkLast) break;
        if (id < e.last) fail({ fn: FN, code: 'invalid_input', path: [e.name, e.line + 1], value: id, message: `${e.name} rows are not sorted by patient id: '${id}' after '${e.last}'` });
        e.last = id;
        e.line++;
        ev.push(l);
        await e.src.next();
      }
      sources[e.name] = e.src.chunk(ev);
    }
    const result = loadFromRawSources('loadPopulation', sources, load, window ? { fixedWindow: window } : {});
    // Every chunk gets the first chunk's window (what the options do not give is derived from
    // it), so a step refuses or accepts the same dates in every chunk.
    window ??= { extractDate: result.population.window.extractDate, activityFrom: result.population.window.activityFrom };
    yield result;
    if (!more) return;
  }
}
