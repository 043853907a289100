import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/core/rng.js';

describe('createRng', () => {
  it('the same seed gives the same sequence; another seed another', () => {
    const a = createRng(42);
    const b = createRng(42);
    const c = createRng(43);
    const sa = Array.from({ length: 20 }, () => a.nextUint32());
    expect(Array.from({ length: 20 }, () => b.nextUint32())).toEqual(sa);
    expect(Array.from({ length: 20 }, () => c.nextUint32())).not.toEqual(sa);
  });
  it('forked streams are reproducible and do not advance the parent', () => {
    const a = createRng('x');
    const f1 = a.fork(1).uniform();
    expect(a.fork(1).uniform()).toBe(f1);
    expect(a.fork(2).uniform()).not.toBe(f1);
    expect(a.uniform()).toBe(createRng('x').uniform());
  });
  it('uniform, normal and poisson have the right first two moments (n = 200k)', () => {
    const r = createRng(7);
    const n = 200_000;
    let su = 0, su2 = 0, sn = 0, sn2 = 0, sp = 0, sp2 = 0, sq = 0;
    for (let i = 0; i < n; i++) {
      const u = r.uniform(); su += u; su2 += u * u;
      expect(u >= 0 && u < 1).toBe(true);
      const z = r.normal(); sn += z; sn2 += z * z;
      const p = r.poisson(3.5); sp += p; sp2 += p * p;
      sq += r.poisson(60);
    }
    expect(su / n).toBeCloseTo(0.5, 2);
    expect(su2 / n - (su / n) ** 2).toBeCloseTo(1 / 12, 2);
    expect(sn / n).toBeCloseTo(0, 1);
    expect(sn2 / n).toBeCloseTo(1, 1);
    expect(sp / n).toBeCloseTo(3.5, 1);
    expect(sp2 / n - (sp / n) ** 2).toBeCloseTo(3.5, 1);
    expect(Math.abs(sq / n - 60)).toBeLessThan(0.1);
  });
  it('int(n) covers 0..n-1 evenly', () => {
    const r = createRng(1);
    const counts = new Array(5).fill(0);
    for (let i = 0; i < 50_000; i++) counts[r.int(5)]++;
    for (const c of counts) expect(Math.abs(c - 10_000)).toBeLessThan(400);
  });
});
