import { expect } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { findRepeatedIds } from '../../src/data/find-repeated-ids.js';

/** The rule written the obvious way: a Map from id to its first candidate row. */
function reference(ids: readonly string[], candidate: Uint8Array): number[] {
  const first = new Map<string, number>();
  return ids.map((id, r) => {
    if (candidate[r] === 0) return -1;
    const f = first.get(id);
    if (f === undefined) {
      first.set(id, r);
      return -1;
    }
    return f;
  });
}

test.prop([
  fc.array(fc.tuple(fc.oneof(fc.constantFrom('a', 'b', 'S0000001', 'é', ''), fc.string({ maxLength: 4 })), fc.boolean()), { maxLength: 300 }),
])('findRepeatedIds gives each candidate row the first earlier candidate row with its id, as a Map would', (rows) => {
  const ids = rows.map(([id]) => id);
  const candidate = Uint8Array.from(rows, ([, c]) => (c ? 1 : 0));
  expect(Array.from(findRepeatedIds(ids, candidate))).toEqual(reference(ids, candidate));
});

test.prop([fc.integer({ min: 1, max: 5000 }), fc.integer({ min: 1, max: 50 })])(
  'on many rows with few distinct ids (every bucket of the radix passes used), it still agrees with a Map', (n, distinct) => {
    const ids = Array.from({ length: n }, (_, r) => `P${(r * 7919) % distinct}`);
    const candidate = Uint8Array.from({ length: n }, (_, r) => (r % 5 === 0 ? 0 : 1));
    expect(Array.from(findRepeatedIds(ids, candidate))).toEqual(reference(ids, candidate));
  });
