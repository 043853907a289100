// The attacker of the disclosure-control tests, written apart from the library's own audit:
// given what a published table shows (each count as published, '*' where suppressed, the
// rule, and which cells add up to which totals), it finds by linear programming the
// smallest and largest value every cell can take. A suppressed cell, or an exact count behind
// a rounded one, is recovered when its smallest and largest values are equal. Linear
// programming over the lines finds everything subtraction from totals and any linear
// combination of rows and columns can find; the lines of a table with totals form a network
// matrix, so the bounds it finds are whole numbers attained by whole tables.
import { suppressCount } from '../../../src/compare/suppress-count.js';

export interface AttackRule {
  threshold: number;
  roundTo: number;
}

/** A published cell: the number shown, or '*'. */
export type Shown = number | '*';

/** Cells (by index) that add up to the total cell `total`. */
export interface AttackLine {
  members: readonly number[];
  total: number;
}

const BIG = 1e6;

/**
 * What the attacker knows of one cell before using the lines: a published count `v` stands for
 * every whole x above the threshold that the rule publishes as `v`, found by trying each x (not
 * by the library's own inverse); `0` is exactly 0; `'*'` is at least 1.
 */
export function knownRange(shown: Shown, rule: AttackRule): [number, number] {
  if (shown === '*') return [1, BIG];
  if (shown === 0) return [0, 0];
  let lo = Infinity;
  let hi = -Infinity;
  for (let x = 0; x <= shown + rule.roundTo + 1; x++) {
    if (suppressCount(x, { ...rule, suppressZero: false }) === shown) {
      lo = Math.min(lo, x);
      hi = Math.max(hi, x);
    }
  }
  if (lo > hi) throw new Error(`no count is published as ${shown}`);
  return [lo, hi];
}

/** Smallest and largest value of every cell given the shown values and the lines. */
export function attackIntervals(shown: readonly Shown[], lines: readonly AttackLine[], rule: AttackRule): Array<[number, number]> {
  const bounds = shown.map((s) => knownRange(s, rule));
  const rows: number[][] = [];
  for (const l of lines) {
    const a = new Array<number>(shown.length).fill(0);
    for (const m of l.members) a[m]! += 1;
    a[l.total]! -= 1;
    rows.push(a);
  }
  return shown.map((_, j) => {
    const c = new Array<number>(shown.length).fill(0);
    c[j] = 1;
    const lo = solve(c, rows, bounds);
    c[j] = -1;
    const hi = -solve(c, rows, bounds);
    return [Math.round(lo), Math.round(hi)];
  });
}

/**
 * min c.x subject to A x = 0 and lo <= x <= hi: a dense two-phase simplex with Bland's rule
 * (small tables only).
 */
function solve(c: readonly number[], A: readonly number[][], bounds: ReadonlyArray<[number, number]>): number {
  const n = c.length;
  // x = lo + y, 0 <= y <= hi - lo. Rows: A y = -A lo; y_j + s_j = hi_j - lo_j.
  const eq: number[][] = [];
  const rhs: number[] = [];
  for (const a of A) {
    eq.push([...a, ...new Array<number>(n).fill(0)]);
    rhs.push(-a.reduce((s, v, j) => s + v * bounds[j]![0], 0));
  }
  for (let j = 0; j < n; j++) {
    const row = new Array<number>(2 * n).fill(0);
    row[j] = 1;
    row[n + j] = 1;
    eq.push(row);
    rhs.push(bounds[j]![1] - bounds[j]![0]);
  }
  const m = eq.length;
  const nv = 2 * n + m; // y, slacks, artificials
  const T: number[][] = eq.map((row, i) => {
    const sign = rhs[i]! < 0 ? -1 : 1;
    const r = [...row.map((v) => v * sign), ...new Array<number>(m).fill(0), rhs[i]! * sign];
    r[2 * n + i] = 1;
    return r;
  });
  const basis = Array.from({ length: m }, (_, i) => 2 * n + i);
  const pivot = (r: number, k: number): void => {
    const pr = T[r]!;
    const pv = pr[k]!;
    for (let j = 0; j <= nv; j++) pr[j]! /= pv;
    for (let i = 0; i < m; i++) {
      if (i === r) continue;
      const f = T[i]![k]!;
      if (f === 0) continue;
      const row = T[i]!;
      for (let j = 0; j <= nv; j++) row[j]! -= f * pr[j]!;
    }
    basis[r] = k;
  };
  const run = (cost: readonly number[], allowed: (k: number) => boolean): void => {
    for (let iter = 0; iter < 5000; iter++) {
      // reduced costs
      let enter = -1;
      for (let k = 0; k < nv; k++) {
        if (!allowed(k) || basis.includes(k)) continue;
        let rc = cost[k]!;
        for (let i = 0; i < m; i++) rc -= cost[basis[i]!]! * T[i]![k]!;
        if (rc < -1e-9) { enter = k; break; }
      }
      if (enter < 0) return;
      let leave = -1;
      let best = Infinity;
      for (let i = 0; i < m; i++) {
        const a = T[i]![enter]!;
        if (a > 1e-9) {
          const ratio = T[i]![nv]! / a;
          if (ratio < best - 1e-12 || (Math.abs(ratio - best) <= 1e-12 && basis[i]! < basis[leave]!)) { best = ratio; leave = i; }
        }
      }
      if (leave < 0) throw new Error('unbounded');
      pivot(leave, enter);
    }
    throw new Error('simplex did not finish');
  };
  const phase1 = new Array<number>(nv).fill(0);
  for (let i = 0; i < m; i++) phase1[2 * n + i] = 1;
  run(phase1, () => true);
  const infeasibility = basis.reduce((s, b, i) => s + (b >= 2 * n ? T[i]![nv]! : 0), 0);
  if (infeasibility > 1e-6) throw new Error('the published table is inconsistent with its own lines');
  // drive remaining artificials out where possible
  for (let i = 0; i < m; i++) {
    if (basis[i]! < 2 * n) continue;
    const k = T[i]!.findIndex((v, j) => j < 2 * n && Math.abs(v) > 1e-9 && !basis.includes(j));
    if (k >= 0) pivot(i, k);
  }
  const cost = new Array<number>(nv).fill(0);
  for (let j = 0; j < n; j++) cost[j] = c[j]!;
  run(cost, (k) => k < 2 * n);
  let value = c.reduce((s, v, j) => s + v * bounds[j]![0], 0);
  for (let i = 0; i < m; i++) if (basis[i]! < n) value += c[basis[i]!]! * T[i]![nv]!;
  return value;
}
