// Internal: repeated patient ids without a hash table. A table of a million string keys costs
// a cache miss or two per row; sorting 32-bit hashes of the ids by radix (four passes of a
// byte, each a sequential read and 256 sequential write streams) and comparing the strings
// only inside runs of equal hash does the same job in a few sequential passes.
import { hashRange } from './column.js';

/**
 * For each row r with `candidate[r] === 1`, the first candidate row with the same id, when that
 * is an earlier row; -1 otherwise (a first occurrence, or not a candidate).
 *
 * LSD radix sort of (hash, row) by hash: stable, so within a run of equal hashes the rows stay
 * in row order and the first of each id comes first. Strings are compared only within runs of
 * equal hash (almost always one row). O(n + total id length) time, 16 bytes per row.
 */
export function findRepeatedIds(ids: readonly string[], candidate: Uint8Array): Int32Array {
  const n = candidate.length;
  const firstOf = new Int32Array(n).fill(-1);
  let m = 0;
  for (let r = 0; r < n; r++) m += candidate[r]!;
  let keys = new Uint32Array(m);
  let rows = new Uint32Array(m);
  for (let r = 0, j = 0; r < n; r++) {
    if (candidate[r] === 0) continue;
    const id = ids[r]!;
    keys[j] = hashRange(id, 0, id.length) >>> 0;
    rows[j++] = r;
  }
  let keys2 = new Uint32Array(m);
  let rows2 = new Uint32Array(m);
  const count = new Uint32Array(256);
  for (let shift = 0; shift < 32; shift += 8) {
    count.fill(0);
    for (let j = 0; j < m; j++) count[(keys[j]! >>> shift) & 255]!++;
    for (let b = 0, sum = 0; b < 256; b++) {
      const c = count[b]!;
      count[b] = sum;
      sum += c;
    }
    for (let j = 0; j < m; j++) {
      const p = count[(keys[j]! >>> shift) & 255]!++;
      keys2[p] = keys[j]!;
      rows2[p] = rows[j]!;
    }
    [keys, keys2] = [keys2, keys];
    [rows, rows2] = [rows2, rows];
  }
  for (let a = 0; a < m;) {
    let b = a + 1;
    while (b < m && keys[b] === keys[a]) b++;
    // A run of equal hashes, rows ascending: each row repeats the first earlier row with its id.
    for (let i = a + 1; i < b; i++) {
      const id = ids[rows[i]!]!;
      for (let j = a; j < i; j++) {
        if (firstOf[rows[j]!] === -1 && ids[rows[j]!] === id) {
          firstOf[rows[i]!] = rows[j]!;
          break;
        }
      }
    }
    a = b;
  }
  return firstOf;
}
