// Internal: patient id -> number, for a million ids. A `Map` keyed by string spent most of
// the patients load (hashing, growing its table, the garbage collector walking it); this
// keeps the keys in one array and an open-addressing table of (hash, entry) pairs sized for
// the rows up front, so a probe reads one place and compares strings only on a hash match.
import { hashBytes, hashRange, sameBytes, sameRange } from './column.js';

/** The value of an entry just added by {@link IdIndex.entry}. */
export const NO_VALUE = -2;

export class IdIndex {
  private readonly keys: string[] = [];
  private values: Int32Array;
  /** `table[2s]` is the hash and `table[2s + 1]` the entry in slot s (-1 when empty). */
  private table: Int32Array;
  private mask: number;

  /** `expected`: about how many ids will be added (the table grows past it if needed). */
  constructor(expected: number) {
    let slots = 16;
    while (slots < expected * 2) slots *= 2;
    this.table = new Int32Array(2 * slots).fill(-1);
    this.mask = slots - 1;
    this.values = new Int32Array(Math.max(8, expected));
  }

  /** The slot holding `id`, or the empty slot where it would go. */
  private slotOf(id: string, h: number): number {
    const { table, mask, keys } = this;
    let s = h & mask;
    for (;;) {
      const k = table[2 * s + 1]!;
      if (k < 0 || (table[2 * s] === h && keys[k] === id)) return s;
      s = (s + 1) & mask;
    }
  }

  /** The number stored for `id`, or `undefined`. O(length of id) expected. */
  get(id: string): number | undefined {
    const k = this.table[2 * this.slotOf(id, hashRange(id, 0, id.length)) + 1]!;
    return k < 0 ? undefined : this.values[k];
  }

  /**
   * {@link IdIndex.get} of the characters of `s` from `a` to `b`, without making the string.
   * O(b - a) expected.
   */
  getText(s: string, a: number, b: number): number | undefined {
    const { table, mask, keys } = this;
    const h = hashRange(s, a, b);
    for (let slot = h & mask; ; slot = (slot + 1) & mask) {
      const k = table[2 * slot + 1]!;
      if (k < 0) return undefined;
      if (table[2 * slot] === h && sameRange(keys[k]!, s, a, b)) return this.values[k];
    }
  }

  /**
   * {@link IdIndex.get} of the text whose ASCII bytes are `bytes` from `a` to `b` (the same
   * hash as of the text), without making the string. O(b - a) expected.
   */
  getBytes(bytes: Uint8Array, a: number, b: number): number | undefined {
    const { table, mask, keys } = this;
    const h = hashBytes(bytes, a, b);
    for (let slot = h & mask; ; slot = (slot + 1) & mask) {
      const k = table[2 * slot + 1]!;
      if (k < 0) return undefined;
      if (table[2 * slot] === h && sameBytes(keys[k]!, bytes, a, b)) return this.values[k];
    }
  }

  /** The entry of `id`, added with the value {@link NO_VALUE} when it is new. O(length of id) expected. */
  entry(id: string): number {
    const h = hashRange(id, 0, id.length);
    const s = this.slotOf(id, h);
    const k = this.table[2 * s + 1]!;
    if (k >= 0) return k;
    const m = this.keys.length;
    if (m === this.values.length) {
      const grown = new Int32Array(m * 2);
      grown.set(this.values);
      this.values = grown;
    }
    this.keys.push(id);
    this.values[m] = NO_VALUE;
    this.table[2 * s] = h;
    this.table[2 * s + 1] = m;
    if ((m + 1) * 2 > this.mask + 1) this.rehash();
    return m;
  }

  /** The value of an entry. */
  value(entry: number): number {
    return this.values[entry]!;
  }

  /** Sets the value of an entry. */
  setValue(entry: number, value: number): void {
    this.values[entry] = value;
  }

  private rehash(): void {
    const old = this.table;
    const slots = 2 * (this.mask + 1);
    const table = new Int32Array(2 * slots).fill(-1);
    const mask = slots - 1;
    for (let s = 0; s < old.length; s += 2) {
      const k = old[s + 1]!;
      if (k < 0) continue;
      let y = old[s]! & mask;
      while (table[2 * y + 1]! >= 0) y = (y + 1) & mask;
      table[2 * y] = old[s]!;
      table[2 * y + 1] = k;
    }
    this.table = table;
    this.mask = mask;
  }
}
