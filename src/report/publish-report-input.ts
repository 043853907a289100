// Internal: every count of a parsed report input replaced by its published value before
// anything is drawn or printed, with secondary suppression along the report's own lines.
import { protectCells, type CellLine } from '../compare/internal/protect-cells.js';
import { suppressCount } from '../compare/suppress-count.js';
import type { ParsedReportInput } from './report-input.js';
import type { SuppressFunction } from './report-options.js';

/**
 * The published form of a report input: each count is replaced by its published value, and a
 * suppressed count by `NaN`; the returned `suppress` maps `NaN` to `null` (shown as `*`) and
 * leaves published values as they are, so every rate and percentage the renderer computes
 * (admissions per 1,000, % of adults, observed rates) comes from published counts.
 *
 * Lines (cells that add up to a total a reader may know, for secondary suppression): the
 * pyramid's sexes within each age band and age bands within each sex; practices' registered
 * people, and their adults; segments' people, admissions and bed days; risk bins; calibration
 * bins' people and events; caseloads' selected people and their adults; each extra table's
 * count columns. With the rule (no custom `suppress`), suppression is audited as
 * `suppressSmallNumbers` does; with a custom function, its nulls are the primary cells and
 * secondary suppression follows the lines without the audit (the function's rounding is
 * unknown). Variants, churn, SPC counts, the dashboard funnels' registered people and the
 * intervention's groups have no lines here.
 */
export function publishReportInput(
  input: ParsedReportInput,
  rule: { threshold: number; roundTo: number; suppressZero: boolean },
  custom: SuppressFunction | undefined,
): { input: ParsedReportInput; suppress: SuppressFunction } {
  const out = structuredClone(input);
  const values: number[] = [];
  const setters: Array<(v: number) => void> = [];
  const lines: CellLine[] = [];
  const cell = (v: number, set: (v: number) => void): number => {
    setters.push(set);
    return values.push(v) - 1;
  };
  const line = (members: number[]): void => {
    if (members.length > 0) lines.push({ members, total: -1 });
  };
  const p = out.population;
  if (p) {
    const bands: string[] = [];
    const f = new Map<string, number>();
    const m = new Map<string, number>();
    let other = 0;
    let hasOther = false;
    for (const r of p.pyramid) {
      if (r.sex === 'female' || r.sex === 'male') {
        if (!bands.includes(r.ageBand)) bands.push(r.ageBand);
        const map = r.sex === 'female' ? f : m;
        map.set(r.ageBand, (map.get(r.ageBand) ?? 0) + r.people);
      } else {
        other += r.people;
        hasOther = true;
      }
    }
    const pyramid: typeof p.pyramid = [];
    const byBand = bands.map((ageBand) => {
      const fr = { ageBand, sex: 'female' as const, people: f.get(ageBand) ?? 0 };
      const mr = { ageBand, sex: 'male' as const, people: m.get(ageBand) ?? 0 };
      pyramid.push(fr, mr);
      return [cell(fr.people, (v) => (fr.people = v)), cell(mr.people, (v) => (mr.people = v))] as const;
    });
    for (const [a, b] of byBand) line([a, b]);
    line(byBand.map(([a]) => a));
    line(byBand.map(([, b]) => b));
    if (hasOther) {
      const or = { ageBand: '', sex: 'unknown' as const, people: other };
      pyramid.push(or);
      cell(other, (v) => (or.people = v));
    }
    p.pyramid = pyramid;
    line(p.practices.map((r) => cell(r.people, (v) => (r.people = v))));
    line(p.practices.filter((r) => r.adults !== undefined).map((r) => cell(r.adults!, (v) => (r.adults = v))));
    if (p.optedOut !== undefined) cell(p.optedOut, (v) => (p.optedOut = v));
  }
  if (out.segments) {
    const ss = out.segments;
    line(ss.map((s) => cell(s.people, (v) => (s.people = v))));
    line(ss.filter((s) => s.emergencyAdmissions !== undefined).map((s) => cell(s.emergencyAdmissions!, (v) => (s.emergencyAdmissions = v))));
    line(ss.filter((s) => s.bedDays !== undefined).map((s) => cell(s.bedDays!, (v) => (s.bedDays = v))));
  }
  if (out.risk) line(out.risk.bins.map((b) => cell(b.people, (v) => (b.people = v))));
  if (out.calibration) {
    line(out.calibration.map((c) => cell(c.n, (v) => (c.n = v))));
    line(out.calibration.filter((c) => c.events !== undefined).map((c) => cell(c.events!, (v) => (c.events = v))));
  }
  for (const v of out.variants ?? []) if (v.people !== undefined) cell(v.people, (x) => (v.people = x));
  if (out.caseloads) {
    const cs = out.caseloads;
    line(cs.map((c) => cell(c.selected, (v) => (c.selected = v))));
    line(cs.filter((c) => c.adults !== undefined).map((c) => cell(c.adults!, (v) => (c.adults = v))));
    for (const c of cs) if (c.capacity !== undefined) cell(c.capacity, (v) => (c.capacity = v));
  }
  for (const c of out.churn ?? []) {
    cell(c.entered, (v) => (c.entered = v));
    cell(c.left, (v) => (c.left = v));
    cell(c.stayed, (v) => (c.stayed = v));
  }
  for (const s of out.spc ?? []) if (s.valuesAreCounts) for (const pt of s.points) if (pt.value !== null) cell(pt.value, (v) => (pt.value = v));
  // The dashboard's funnels: each site's registered people (rates and limits are already from published counts).
  for (const site of out.dashboard?.sites ?? []) {
    for (const m of site.metrics) for (const pt of m.funnel?.points ?? []) cell(pt.denominator, (v) => (pt.denominator = v));
  }
  const iv = out.intervention;
  if (iv?.treated !== undefined) cell(iv.treated, (v) => (iv.treated = v));
  if (iv?.controls !== undefined) cell(iv.controls, (v) => (iv.controls = v));
  for (const tb of out.tables ?? []) {
    for (const col of tb.columns) {
      if (col.kind !== 'count') continue;
      const members: number[] = [];
      for (const row of tb.rows) {
        const v = row[col.key];
        if (typeof v === 'number') members.push(cell(v, (x) => (row[col.key] = x)));
      }
      line(members);
    }
  }
  const protection = protectCells(values, lines, rule, {
    secondary: true,
    audit: custom === undefined,
    ...(custom !== undefined ? { isPrimary: (v: number) => custom(v) === null } : {}),
  });
  values.forEach((v, i) => {
    const published = protection.suppressed[i] ? null : custom !== undefined ? custom(v) : suppressCount(v, rule);
    setters[i]!(published === null ? Number.NaN : published);
  });
  if (out.calibration) {
    for (const c of out.calibration) {
      if (c.events === undefined) continue;
      c.observed = Number.isNaN(c.events) || Number.isNaN(c.n) || c.n <= 0 ? Number.NaN : c.events / c.n;
    }
  }
  return { input: out, suppress: (n) => (Number.isNaN(n) ? null : n) };
}
