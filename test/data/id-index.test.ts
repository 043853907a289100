import { describe, expect, it } from 'vitest';
import { test, fc } from '@fast-check/vitest';
import { IdIndex, NO_VALUE } from '../../src/data/id-index.js';

describe('IdIndex', () => {
  it('IdIndex.entry(id) adds an id once with NO_VALUE; get(id) reads what setValue stored', () => {
    const index = new IdIndex(2);
    const a = index.entry('p1');
    expect(index.value(a)).toBe(NO_VALUE);
    index.setValue(a, 7);
    expect(index.entry('p1')).toBe(a);
    expect([index.get('p1'), index.get('p2'), index.get('')]).toEqual([7, undefined, undefined]);
  });
  test.prop([fc.array(fc.tuple(fc.string({ unit: fc.constantFrom('S', '0', '1', '9', 'é', ' '), maxLength: 6 }), fc.integer({ min: -1, max: 1e6 })), { maxLength: 400 }), fc.nat(50)])(
    'IdIndex behaves as a Map from id to number, growing past the size it expected', (ops, expected) => {
      const index = new IdIndex(expected);
      const model = new Map<string, number>();
      for (const [id, v] of ops) {
        expect(index.get(id)).toBe(model.get(id));
        const k = index.entry(id);
        expect(index.value(k)).toBe(model.get(id) ?? NO_VALUE);
        index.setValue(k, v);
        model.set(id, v);
      }
      for (const [id, v] of model) expect(index.get(id)).toBe(v);
      expect(index.get('never added')).toBeUndefined();
    });
});
