// evaluateFairness and calibrationDrift on test/fixtures/extract/nhs-style: an extract with
// GP-system and SUS column names, NHS ethnic category codes (A-Z) and opted-out people.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadPopulationFromFiles } from '../../src/node/load-population-from-files.js';
import { buildFeatures } from '../../src/features/build-features.js';
import { buildOutcomes } from '../../src/features/build-outcomes.js';
import { evaluateFairness } from '../../src/evaluate/fairness.js';
import { nhsEthnicGroup } from '../../src/evaluate/nhs-ethnic-group.js';
import { calibrationDrift } from '../../src/compare/calibration-drift.js';

const dir = fileURLToPath(new URL('../fixtures/extract/nhs-style/', import.meta.url));
const files = { patients: `${dir}patients.csv`, activity: `${dir}activity.csv`, conditions: `${dir}conditions.csv` };

describe('fairness and drift on the NHS-style extract', async () => {
  const { population } = await loadPopulationFromFiles(files, { referenceDate: '2025-03-31' });
  const asOf = '2024-03-31';
  const features = buildFeatures(population, { asOf });
  const outcomes = buildOutcomes(population, { asOf, rows: features.rows });
  // A simple score: more risk with more emergency admissions and conditions in the lookback.
  const adm = features.column('emergency_admissions')!;
  const ltc = features.column('ltc_count')!;
  const scores = Float64Array.from({ length: features.n }, (_, i) => 1 / (1 + Math.exp(2.5 - 0.8 * adm[i]! - 0.3 * ltc[i]!)));

  it('groups the ethnic_category codes into the NHS groups and leaves the opted-out people out', () => {
    const f = evaluateFairness(population, scores, outcomes, { rows: features.rows, topPercent: 10, minGroupSize: 1 });
    const levels = f.groups['ethnicity']!.map((g) => g.level);
    expect(levels).toEqual(['Asian or Asian British', 'Black or Black British', 'Mixed', 'Not stated or not known', 'Other', 'White']);
    // every loaded code maps to one of them
    for (const code of population.ethnicities.filter((e) => e !== '')) expect(levels).toContain(nhsEthnicGroup(code));
    let optedOut = 0;
    for (const r of features.rows) optedOut += population.columns.optedOut[r]!;
    expect(optedOut).toBeGreaterThan(0);
    expect(f.people).toBe(features.n - optedOut);
    expect(f.groups['practice']!.reduce((s, g) => s + g.people, 0)).toBe(f.people);
    // a published table with every count rounded to 5 or suppressed
    for (const r of f.published!.rows) for (const k of ['people', 'selected', 'events', 'admissions']) expect(r[k] === '*' || (typeof r[k] === 'number' && (r[k] as number) % 5 === 0)).toBe(true);
  });

  it('charts the monthly O/E of the same scores as a refresh kept them', () => {
    const d = calibrationDrift(population, [{ month: '2024-04-01', scores, rows: features.rows }, { month: '2024-05-01', scores, rows: features.rows }]);
    expect(d.overall.map((p) => [p.month, p.people])).toEqual([['2024-04', features.n], ['2024-05', features.n]]);
    expect(Object.keys(d.byPractice)).toEqual([...population.practices]);
  });
});
