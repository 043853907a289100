import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generatePopulation } from '../../src/synth/generate-population.js';
import { SYNTH_ACSC_PREFIXES } from '../../src/synth/synth-acsc-prefixes.js';
import { fromSyntheaTables } from '../../src/data/from-synthea-tables.js';
import { buildFeatures } from '../../src/features/build-features.js';
import { buildOutcomes } from '../../src/features/build-outcomes.js';
import { isAcsc } from '../../src/features/acsc-codes.js';
import { segment } from '../../src/segment/segment.js';
import { bridgesToHealth } from '../../src/segment/bridges-to-health.js';
import { ageByConditions } from '../../src/segment/age-by-conditions.js';
import { frailtyCategories } from '../../src/segment/frailty-categories.js';
import { summariseSegments } from '../../src/segment/summarise-segments.js';
import { addMonths, parseDate } from '../../src/core/dates.js';
import { isEligible, type Population } from '../../src/core/population.js';

/** Brute-force recount of emergency admissions in (lo, hi] per person, straight from the event arrays. */
function recount(pop: Population, rows: Uint32Array, lo: number, hi: number, prefixes: readonly string[]): { emergency: number; avoidable: number } {
  let emergency = 0;
  let avoidable = 0;
  const a = pop.activity;
  for (const i of rows) {
    for (let k = a.offsets[i]!; k < a.offsets[i + 1]!; k++) {
      if (a.setting[k] === 0 && a.emergency[k] === 1 && a.date[k]! > lo && a.date[k]! <= hi) {
        emergency++;
        const dx = a.diagnosis[k]!;
        if (dx >= 0 && isAcsc(a.diagnoses[dx]!, prefixes)) avoidable++;
      }
    }
  }
  return { emergency, avoidable };
}

const sum = (x: ArrayLike<number>): number => {
  let t = 0;
  for (let i = 0; i < x.length; i++) t += x[i]!;
  return t;
};
const nonFinite = (columns: readonly ArrayLike<number>[]): number => {
  let bad = 0;
  for (const c of columns) for (let i = 0; i < c.length; i++) if (!Number.isFinite(c[i]!)) bad++;
  return bad;
};

describe('features, outcomes and segments on a synthetic population (generatePopulation, 20k people, seed 7)', () => {
  const { population: pop, truth } = generatePopulation({ size: 20_000, seed: 7, years: 3 });
  const asOf = addMonths(truth.startDate, 18);
  const f = buildFeatures(pop, { asOf, acscCodes: [...SYNTH_ACSC_PREFIXES] });
  const o = buildOutcomes(pop, { asOf, rows: f.rows, acscCodes: [...SYNTH_ACSC_PREFIXES] });

  it('rows are the eligible people; no NaN; only valid diagnoses', () => {
    let eligible = 0;
    for (let i = 0; i < pop.size; i++) if (isEligible(pop, i, asOf)) eligible++;
    expect(f.n).toBe(eligible);
    expect(nonFinite(f.columns)).toBe(0);
    expect(f.warnings.map((w) => w.code).filter((c) => c === 'diagnosis_invalid')).toEqual([]);
    expect(f.names).toContain('polypharmacy');
  });

  it('lookback and outcome counts equal a brute-force recount with the same ACSC list', () => {
    const before = recount(pop, f.rows, f.lookback.start, asOf, SYNTH_ACSC_PREFIXES);
    expect(sum(f.column('emergency_admissions')!)).toBe(before.emergency);
    expect(sum(f.column('avoidable_admissions')!)).toBe(before.avoidable);
    const after = recount(pop, f.rows, asOf, o.window[1], SYNTH_ACSC_PREFIXES);
    // 'observed' stops counting at death or leaving, so it can only be at most the raw count
    expect(sum(o.emergencyAdmissions)).toBeLessThanOrEqual(after.emergency);
    expect(sum(o.emergencyAdmissions)).toBeGreaterThan(0.9 * after.emergency);
  });

  it('every eligible person is in exactly one segment of each model, and the summary adds up', () => {
    for (const model of [bridgesToHealth(), ageByConditions(), frailtyCategories()]) {
      const s = segment(pop, model, { asOf, features: f });
      expect(s.labels.length).toBe(f.n);
      expect(s.ruleHits.segments.reduce((t, x) => t + x.people, 0)).toBe(f.n);
      const { rows } = summariseSegments(s, pop, o);
      const popRows = rows.filter((r) => r.level === 'population');
      expect(popRows.reduce((t, r) => t + r.people, 0)).toBe(f.n);
      expect(popRows.reduce((t, r) => t + r.emergencyAdmissions!, 0)).toBe(sum(o.emergencyAdmissions));
      expect(rows.filter((r) => r.level === 'practice').reduce((t, r) => t + r.people, 0)).toBe(f.n);
    }
    const bth = segment(pop, bridgesToHealth(), { asOf, features: f });
    // a realistic population fills the main Bridges to Health segments
    for (const code of [1, 3, 4, 7, 8]) expect(bth.ruleHits.segments.find((x) => x.code === code)!.people).toBeGreaterThan(0);
  });
});

describe('features, outcomes and segments on the Synthea export (111 people, via fromSyntheaTables)', () => {
  const dir = '/work/shared/data/synthea-unmc-crane-111';
  const text = (name: string) => readFileSync(join(dir, name), 'utf8');
  const result = fromSyntheaTables({ patients: text('patients.csv'), encounters: text('encounters.csv'), conditions: text('conditions.csv'), medications: text('medications.csv') }, { referenceDate: '2023-10-16' });
  const pop = result.population;
  const asOf = parseDate('2022-10-16')!;

  it('flows through features, outcomes and every segmentation without errors or undocumented warnings', () => {
    const f = buildFeatures(pop, { asOf });
    const o = buildOutcomes(pop, { asOf, rows: f.rows });
    const documented = new Set(['diagnosis_missing', 'diagnosis_invalid', 'bed_days_unknown', 'polypharmacy_absent', 'clusters_not_flagged']);
    for (const w of [...f.warnings, ...o.warnings]) expect(documented.has(w.code), w.message).toBe(true);
    // the dataset README's recipe: alive and born on 2022-10-16 gives 97 people
    expect(f.n).toBe(97);
    expect(nonFinite(f.columns)).toBe(0);
    for (const model of [bridgesToHealth(), ageByConditions(), frailtyCategories()]) {
      const s = segment(pop, model, { asOf, features: f });
      expect(s.ruleHits.segments.reduce((t, x) => t + x.people, 0)).toBe(f.n);
      expect(summariseSegments(s, pop, o).rows.length).toBeGreaterThan(0);
    }
    const before = recount(pop, f.rows, f.lookback.start, asOf, ['']);
    expect(sum(f.column('emergency_admissions')!)).toBe(before.emergency);
  });
});
