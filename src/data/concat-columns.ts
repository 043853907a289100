import type { Column } from './column.js';

/**
 * Internal: one column made of several, row after row (the parts of a CSV file too large for
 * one string). Cell reads find their part by the row (the last part used is tried first, so
 * reading in row order does not search); `days`, `dayNumbers` and `intern` concatenate the
 * parts' answers, renumbering interned values so equal values share one code across parts.
 * O(1) for one column; O(parts) to build.
 */
export function concatColumns(cols: readonly Column[]): Column {
  if (cols.length === 1) return cols[0]!;
  const offsets = [0];
  for (const c of cols) offsets.push(offsets[offsets.length - 1]! + c.length);
  const length = offsets[cols.length]!;
  let last = 0;
  const part = (r: number): number => {
    if (r >= offsets[last]! && r < offsets[last + 1]!) return last;
    let lo = 0;
    let hi = cols.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (offsets[mid]! <= r) lo = mid;
      else hi = mid - 1;
    }
    last = lo;
    return lo;
  };
  const cell = <T>(f: (c: Column, r: number) => T) => (r: number): T => {
    const p = part(r);
    return f(cols[p]!, r - offsets[p]!);
  };
  const joined = <T extends Float64Array | Int32Array>(out: T, each: (c: Column) => ArrayLike<number>): T => {
    cols.forEach((c, p) => out.set(each(c) as T, offsets[p]!));
    return out;
  };
  const column: Column = {
    length,
    get: cell((c, r) => c.get(r)),
    blank: cell((c, r) => c.blank(r)),
    day: cell((c, r) => c.day(r)),
    text: cell((c, r) => c.text(r)),
    days: () => joined(new Float64Array(length), (c) => c.days()),
    intern: () => {
      const index = new Map<unknown, number>();
      const values: unknown[] = [];
      const parts = cols.map((c) => {
        const own = c.intern();
        const remap = own.values.map((v) => {
          let k = index.get(v);
          if (k === undefined) {
            k = values.length;
            index.set(v, k);
            values.push(v);
          }
          return k;
        });
        return { codes: own.codes, remap };
      });
      const codes = values.length <= 256 ? new Uint8Array(length) : values.length <= 65536 ? new Uint16Array(length) : new Uint32Array(length);
      parts.forEach(({ codes: own, remap }, p) => {
        const o = offsets[p]!;
        for (let r = 0; r < own.length; r++) codes[o + r] = remap[own[r]!]!;
      });
      return { values, codes };
    },
  };
  if (cols.every((c) => c.dayNumbers !== undefined)) column.dayNumbers = () => joined(new Int32Array(length), (c) => c.dayNumbers!());
  if (cols.every((c) => c.lookup !== undefined)) column.lookup = (index) => joined(new Int32Array(length), (c) => c.lookup!(index));
  if (cols.every((c) => c.decimal !== undefined)) column.decimal = cell((c, r) => c.decimal!(r));
  return column;
}
