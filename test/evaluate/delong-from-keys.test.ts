import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { argsortAscending } from '../../src/evaluate/argsort.js';
import { deLong, deLongFromKeys } from '../../src/evaluate/delong.js';

/** Scores with many exact ties, both zeros, infinities and negatives. */
const score = fc.oneof(
  fc.double({ noNaN: true }),
  fc.constantFrom(0, -0, 0.5, 1, -1, Infinity, -Infinity, 1e-300, -1e-300, 0.1 + 0.2, 0.3),
  fc.integer({ min: -5, max: 5 }).map((k) => k / 4),
);

describe('deLongFromKeys (internal: the AUROC without an index sort)', () => {
  test.prop([fc.array(fc.tuple(score, fc.boolean()), { minLength: 0, maxLength: 3000 })])(
    'gives the same AUROC, variance and counts as deLong over an index sort, to the bit', (rows) => {
      const scores = Float64Array.from(rows, (r) => r[0]);
      const y = Uint8Array.from(rows, (r) => (r[1] ? 1 : 0));
      const want = deLong(scores, y, argsortAscending(scores));
      const got = deLongFromKeys(scores, y);
      expect(Object.is(got.auc, want.auc)).toBe(true);
      expect(Object.is(got.variance, want.variance)).toBe(true);
      expect([got.cases, got.controls]).toEqual([want.cases, want.controls]);
    });

  it('hand-worked: scores 0.1 0.4 0.35 0.8 with outcomes 0 0 1 1 give 3 of 4 pairs = 0.75; a tie counts one half', () => {
    expect(deLongFromKeys([0.1, 0.4, 0.35, 0.8], Uint8Array.from([0, 0, 1, 1])).auc).toBe(0.75);
    expect(deLongFromKeys([1, 1, 0], Uint8Array.from([1, 0, 0])).auc).toBe(0.75);
    expect(deLongFromKeys([-0, 0], Uint8Array.from([1, 0])).auc).toBe(0.5); // -0 ties +0
  });

  it('on 200,000 rows (radix passes with every digit in play) agrees with deLong to the bit', () => {
    const n = 200_000;
    const scores = new Float64Array(n);
    const y = new Uint8Array(n);
    let s = 12345;
    const next = (): number => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32);
    for (let i = 0; i < n; i++) {
      scores[i] = i % 10 === 0 ? Math.round(next() * 50) / 50 : (next() - 0.3) * 10 ** (next() * 6 - 3);
      y[i] = next() < 0.2 + 0.1 * Math.sign(scores[i]!) ? 1 : 0;
    }
    const want = deLong(scores, y, argsortAscending(scores));
    const got = deLongFromKeys(scores, y);
    expect(Object.is(got.auc, want.auc)).toBe(true);
    expect(Object.is(got.variance, want.variance)).toBe(true);
  });
});
