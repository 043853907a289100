import type { tableFromIPC } from '@uwdata/flechette';
import { arrayColumn } from '../data/column.js';
import { fileUnreadable, readFileBytes } from './read-file-bytes.js';
import type { RawSource } from '../data/read-source.js';

/** A file is read as Arrow IPC when its name ends in `.arrow`, `.arrows` or `.feather` (any case). */
export const isArrowPath = (path: string): boolean => /\.(arrow|arrows|feather)$/i.test(path);

/**
 * Reads an Arrow IPC file (file or stream format; Feather v2 is the file format) into the
 * loader's columns with flechette's `tableFromIPC` (the Arrow decoder arquero itself uses), as
 * `loadPopulation` reads an arquero table: dates arrive as `Date`s, 64-bit integers as
 * numbers. Rows are numbered from 1 in file order. flechette is imported here, on the first
 * Arrow file, not when `risk-stratify/node` is imported (it costs some 30 ms of import time).
 *
 * @param fn - The public function reading it (for errors).
 * @param path - The file path.
 * @returns The source as columns, with `file` set.
 * @throws RiskStratifyError `file_unreadable` naming the file and the reason (missing, not
 *   Arrow, compressed buffers with no codec registered).
 */
export async function readArrowSource(fn: string, path: string): Promise<RawSource> {
  const unreadable = (why: string, reason: string): never => fileUnreadable(fn, path, why, reason);
  const bytes = await readFileBytes(fn, path);
  const { tableFromIPC: fromIPC } = await import('@uwdata/flechette');
  let table: ReturnType<typeof tableFromIPC>;
  try {
    table = fromIPC(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), { useDate: true });
  } catch (e) {
    return unreadable(`not readable as Arrow IPC (${(e as Error).message})`, 'not_arrow');
  }
  const names = table.names;
  const column = (name: string): ArrayLike<unknown> => {
    try {
      return table.getChild(name).toArray() as ArrayLike<unknown>;
    } catch (e) {
      return unreadable(`column "${name}" could not be decoded (${(e as Error).message})`, 'not_arrow');
    }
  };
  return { rows: table.numRows, columnNames: names, column: (name) => arrayColumn(names.includes(name) ? column(name) : []), issues: [], file: path };
}
