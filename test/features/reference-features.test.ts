import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { buildFeatures } from '../../src/features/build-features.js';
import { buildOutcomes } from '../../src/features/build-outcomes.js';
import { createPopulation } from '../../src/core/population.js';

// Inputs and expected values written by test/fixtures/features/reference_features.py, an
// independent Python implementation of the documented definitions (datetime calendar
// arithmetic, set-based condition and medication logic).
interface Ref {
  asOf: number; lookbackMonths: number; horizonMonths: number;
  clusters: string[]; diagnoses: string[]; acsc: string[]; meds: string[];
  people: { sex: number; birthDate: number; deathDate: number; registeredFrom: number; registeredTo: number; imdDecile: number; careHome: number; practice: number }[];
  activity: { patient: number; date: number; setting: number; emergency: number; bedDays: number | null; endDate: number; diagnosis: number }[];
  conditions: { patient: number; code: number; date: number; resolvedDate: number }[];
  medications: { patient: number; code: number; date: number; endDate: number }[];
  expected: { rows: number[]; window: [number, number]; lookbackStart: number; features: Record<string, number[]>; outcomes: Record<'observed' | 'exclude', Record<string, number[]>> };
}
const ref = JSON.parse(readFileSync(new URL('../fixtures/features/reference-features.json', import.meta.url), 'utf8')) as Ref;

const pop = createPopulation({
  ids: ref.people.map((_, i) => `r${i}`),
  practices: ['A', 'B', 'C'],
  practice: ref.people.map((p) => p.practice),
  sex: ref.people.map((p) => p.sex),
  birthDate: ref.people.map((p) => p.birthDate),
  deathDate: ref.people.map((p) => p.deathDate),
  registeredFrom: ref.people.map((p) => p.registeredFrom),
  registeredTo: ref.people.map((p) => p.registeredTo),
  imdDecile: ref.people.map((p) => p.imdDecile),
  careHome: ref.people.map((p) => p.careHome),
  activity: {
    patient: ref.activity.map((a) => a.patient),
    date: ref.activity.map((a) => a.date),
    setting: ref.activity.map((a) => a.setting),
    emergency: ref.activity.map((a) => a.emergency),
    bedDays: ref.activity.map((a) => a.bedDays ?? Number.NaN),
    endDate: ref.activity.map((a) => a.endDate),
    diagnosis: ref.activity.map((a) => a.diagnosis),
    diagnoses: ref.diagnoses,
  },
  conditions: { patient: ref.conditions.map((c) => c.patient), code: ref.conditions.map((c) => c.code), codes: ref.clusters, date: ref.conditions.map((c) => c.date), resolvedDate: ref.conditions.map((c) => c.resolvedDate) },
  medications: { patient: ref.medications.map((m) => m.patient), code: ref.medications.map((m) => m.code), codes: ref.meds, date: ref.medications.map((m) => m.date), endDate: ref.medications.map((m) => m.endDate) },
});

describe('buildFeatures and buildOutcomes against the independent Python reference (300 random people)', () => {
  const f = buildFeatures(pop, { asOf: ref.asOf, lookbackMonths: ref.lookbackMonths, acscCodes: ref.acsc });

  it('selects the same eligible rows and lookback window', () => {
    expect(Array.from(f.rows)).toEqual(ref.expected.rows);
    expect(f.lookback.start).toBe(ref.expected.lookbackStart);
  });

  it.each(Object.keys(ref.expected.features))('feature %s matches the reference for every person', (name) => {
    expect(Array.from(f.column(name)!)).toEqual(ref.expected.features[name]);
  });

  it('has exactly the reference feature names', () => {
    expect([...f.names].sort()).toEqual(Object.keys(ref.expected.features).sort());
  });

  it.each(['observed', 'exclude'] as const)("outcomes with censoring '%s' match the reference", (censoring) => {
    const o = buildOutcomes(pop, { asOf: ref.asOf, horizonMonths: ref.horizonMonths, acscCodes: ref.acsc, censoring });
    expect(o.window).toEqual(ref.expected.window);
    const exp = ref.expected.outcomes[censoring];
    for (const key of Object.keys(exp)) {
      expect(Array.from((o as unknown as Record<string, ArrayLike<number>>)[key]!), key).toEqual(exp[key]);
    }
  });
});
