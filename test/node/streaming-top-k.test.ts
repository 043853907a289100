import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { createStreamingTopK } from '../../src/node/streaming-top-k.js';
import { isRiskStratifyError } from '../../src/core/errors.js';

/** Independent reference: a full sort by (score desc, id asc) and the first k. */
function bySort(items: { g: string; s: number; id: string }[], g: string, k: number): string[] {
  return items
    .filter((x) => x.g === g)
    .sort((a, b) => (a.s !== b.s ? b.s - a.s : a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .slice(0, k)
    .map((x) => x.id);
}

describe('createStreamingTopK', () => {
  it('createStreamingTopK({P1: 2}) keeps the two best, a score tie going to the smaller id', () => {
    const top = createStreamingTopK({ P1: 2 });
    top.offer('P1', 0.2, 'a');
    top.offer('P1', 0.9, 'c');
    top.offer('P1', 0.9, 'b');
    top.offer('P1', 0.5, 'd');
    const [g] = top.result();
    expect(g!.ids).toEqual(['b', 'c']);
    expect(Array.from(g!.scores)).toEqual([0.9, 0.9]);
    expect(g!.offered).toBe(4);
  });

  test.prop([
    fc.array(fc.record({ g: fc.constantFrom('A', 'B', 'C'), s: fc.integer({ min: 0, max: 5 }) }), { maxLength: 200 }),
    fc.record({ A: fc.nat(20), B: fc.nat(20), C: fc.nat(20) }),
    fc.nat(7),
  ])('keeps per group exactly the first k of a full sort by (score desc, id asc), whatever the arrival order and chunking', (raw, k, chunkSeed) => {
    const items = raw.map((x, i) => ({ ...x, id: `id${(i * 7919) % 1000}-${i}` }));
    const top = createStreamingTopK(k);
    const codes = ['A', 'B', 'C'];
    // Offer in chunks of (chunkSeed + 1), reversed order, through the chunk API.
    const rev = [...items].reverse();
    const size = chunkSeed + 1;
    for (let at = 0; at < rev.length; at += size) {
      const chunk = rev.slice(at, at + size);
      top.offerChunk(chunk.map((x) => x.s), chunk.map((x) => codes.indexOf(x.g)), codes, (i) => chunk[i]!.id);
    }
    for (const g of top.result()) expect(g.ids).toEqual(bySort(items, g.group, k[g.group as 'A']));
  });

  it('offerChunk skips people that include() rejects and counts only the included', () => {
    const top = createStreamingTopK({ P: 1 });
    top.offerChunk([0.9, 0.1], [0, 0], ['P'], (i) => `p${i}`, (i) => i === 1);
    const [g] = top.result();
    expect(g!.ids).toEqual(['p1']);
    expect(g!.offered).toBe(1);
  });

  it('refuses a NaN score, an uncounted group and a bad k, naming the value', () => {
    const top = createStreamingTopK({ P: 1 });
    const codeOf = (f: () => void): string | undefined => {
      try { f(); } catch (e) { return isRiskStratifyError(e) ? e.code : 'other'; }
      return undefined;
    };
    expect(codeOf(() => top.offer('P', Number.NaN, 'x'))).toBe('non_finite');
    expect(codeOf(() => top.offer('Q', 0.5, 'x'))).toBe('invalid_input');
    expect(codeOf(() => createStreamingTopK({ P: 1.5 }))).toBe('invalid_argument');
  });
});
